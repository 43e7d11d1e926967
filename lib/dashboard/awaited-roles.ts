import type { PolicyRules } from '@/db/schema';
import { humanize } from '@/lib/words';

/** The required roles still short of approvals, with how many more each needs. */
export function awaitedRoles(required: PolicyRules['requiredApprovers'], signed: { role: string; decision: string }[]) {
  return required
    .map(({ role, count }) => ({ role, missing: count - signed.filter((s) => s.role === role && s.decision === 'approve').length }))
    .filter((r) => r.missing > 0);
}

/** "Waiting on Risk officer and 2 × Security reviewer", or that every required role has signed. */
export function awaitedWords(awaited: { role: string; missing: number }[]): string {
  if (awaited.length === 0) return 'Every required role has signed';
  return `Waiting on ${awaited.map((a) => (a.missing > 1 ? `${a.missing} × ${humanize(a.role)}` : humanize(a.role))).join(' and ')}`;
}
