import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { findings, users } from '@/db/schema';
import { Invalid, NotFound } from '@/lib/errors';

export type FindingRow = typeof findings.$inferSelect;

export function loadFinding(db: Db | Tx, id: string): FindingRow {
  const finding = db.select().from(findings).where(eq(findings.id, id)).get();
  if (!finding) throw new NotFound('Finding');
  return finding;
}

/** A finding is assigned only to a person who can sign in; the field error names the owner field. */
export function assertAssignable(db: Db | Tx, userId: string) {
  const user = db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.disabled, false))).get();
  if (!user) throw new Invalid('The owner must be an active user.', [{ path: 'ownerId', message: 'No active user with this id.' }]);
}

/** Finality: closed and invalid findings are history, not work. */
export const FINAL_STATUSES = ['closed', 'invalid'] as const;
export const isFinal = (status: FindingRow['status']) => (FINAL_STATUSES as readonly string[]).includes(status);
