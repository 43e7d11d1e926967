import type { PolicyRules } from '@/db/schema';
import { awaitedRoles } from '@/lib/dashboard/awaited-roles';

type Signed = { printedName: string; role: string; decision: 'approve' | 'reject'; signedAt: string };

export type RoleProgress<S extends Signed> = { role: string; count: number; signatures: S[]; missing: number };

/**
 * Each role the request's policy requires, who signed as it (and how), and how many approvals it still awaits.
 * Only an open request awaits anyone: an approved, rejected, withdrawn or superseded one is done.
 */
export function approvalProgress<S extends Signed>(required: PolicyRules['requiredApprovers'], signed: S[], status: string) {
  const awaited = status === 'open' ? awaitedRoles(required, signed) : [];
  const roles: RoleProgress<S>[] = required.map(({ role, count }) => ({
    role,
    count,
    signatures: signed.filter((s) => s.role === role),
    missing: awaited.find((a) => a.role === role)?.missing ?? 0,
  }));
  return { roles, awaited };
}
