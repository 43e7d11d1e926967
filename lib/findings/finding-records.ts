import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { findings, userRoles, users } from '@/db/schema';
import { Invalid, NotFound } from '@/lib/errors';
import { CONDITION_WORDS_FIXED } from '@/lib/promotion/condition-findings';

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

const FOUND_BY: Record<Exclude<FindingRow['source'], 'manual' | 'approval'>, string> = { monitoring: 'the monitoring', gate: 'the promotion gate', tool: 'the tool report', integrity: 'the integrity check' };

/**
 * Why this person may not rewrite the finding's title and description, or null. They say what was found: an approval's
 * conditions are its signer's words (never edited); what a check found is corrected by a risk officer or security
 * reviewer; what a person raised, by them or by a risk officer or security reviewer. Its owner writes what they do
 * about it in the remediation plan, so the owner of a finding cannot soften what it says.
 */
export function whyWordsFixed(actor: { userId: string; roles: readonly string[] }, finding: Pick<FindingRow, 'type' | 'source' | 'raisedById'>): string | null {
  if (finding.type === 'approval_condition') return CONDITION_WORDS_FIXED;
  if (actor.roles.includes('risk_officer') || actor.roles.includes('security_reviewer')) return null;
  if (finding.source === 'manual' && finding.raisedById === actor.userId) return null;
  const plan = 'Write what you do about it in the remediation plan.';
  if (finding.source === 'manual' || finding.source === 'approval') return `The title and description say what the person who raised it found; only they, a risk officer or a security reviewer change them. ${plan}`;
  return `The title and description say what ${FOUND_BY[finding.source]} found; only a risk officer or a security reviewer changes them. ${plan}`;
}
