import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { findings, userRoles, users } from '@/db/schema';
import { Invalid, NotFound } from '@/lib/errors';

export type FindingRow = typeof findings.$inferSelect;

export async function loadFinding(db: Db | Tx, id: string): Promise<FindingRow> {
  const finding = first(await db.select().from(findings).where(eq(findings.id, id)).limit(1));
  if (!finding) throw new NotFound('Finding');
  return finding;
}

/** The roles that can work a finding they own (an auditor or admin alone could never move it). */
export const OWNER_ROLES = ['data_scientist', 'risk_officer', 'security_reviewer'] as const;

/** Active users who can work a finding: the choices for its owner. */
export const assignableWhere = and(eq(users.disabled, false), sql`EXISTS (SELECT 1 FROM ${userRoles} WHERE ${userRoles.userId} = ${users.id} AND ${inArray(userRoles.role, OWNER_ROLES)})`);

/** A finding is assigned only to an active person who can work it; the field error names the owner field. */
export async function assertAssignable(db: Db | Tx, userId: string) {
  const user = first(await db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), assignableWhere)).limit(1));
  if (!user) throw new Invalid('The owner must be an active user who can work findings.', [{ path: 'ownerId', message: 'Choose a data scientist, risk officer or security reviewer.' }]);
}

/** Finality: closed and invalid findings are history, not work. */
export const FINAL_STATUSES = ['closed', 'invalid'] as const;
export const isFinal = (status: FindingRow['status']) => (FINAL_STATUSES as readonly string[]).includes(status);
