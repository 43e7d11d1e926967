import type { PolicyRules } from '@/db/schema';

/** The required roles still short of approvals, with how many more each needs. */
export function awaitedRoles(required: PolicyRules['requiredApprovers'], signed: { role: string; decision: string }[]) {
  return required
    .map(({ role, count }) => ({ role, missing: count - signed.filter((s) => s.role === role && s.decision === 'approve').length }))
    .filter((r) => r.missing > 0);
}
