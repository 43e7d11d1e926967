import type { Role } from '@/db/schema';
import { humanize } from '@/lib/words';

/** A signature's decision in words: approved (with conditions, when its signer stated some) or rejected. */
export const decisionLabel = (s: { decision: 'approve' | 'reject'; conditions?: string }) => (s.decision === 'reject' ? 'Rejected' : s.conditions ? 'Approved with conditions' : 'Approved');

/**
 * What a promotion signer signs: "I approve the promotion of fraud-detector 3.2.0 to production as Risk officer", and
 * for an approval with conditions ", on these conditions: <conditions>". A rejection has none. The signing dialog
 * shows this very sentence before the password is typed; the server stores it.
 */
export function signatureMeaning(decision: 'approve' | 'reject', model: string, version: string, target: string, role: Role | string, conditions = '') {
  const stated = decision === 'approve' ? conditions.trim() : '';
  return `I ${decision} the promotion of ${model} ${version} to ${target} as ${humanize(role)}${stated ? `, on these conditions: ${stated}` : ''}`;
}
