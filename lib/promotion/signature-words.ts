import type { Role } from '@/db/schema';
import { humanize } from '@/lib/words';
import { isBlank } from '@/lib/http/well-formed';

/** A signature's decision in words: approved (with conditions, when its signer stated some) or rejected. */
export const decisionLabel = (s: { decision: 'approve' | 'reject'; conditions?: string }) => (s.decision === 'reject' ? 'Rejected' : s.conditions ? 'Approved with conditions' : 'Approved');

/** Conditions as a signature keeps them: trimmed, and none at all when nothing readable is left (a zero-width space). */
export const statedConditions = (text: string) => (isBlank(text) ? '' : text.trim());

/**
 * What a promotion signer signs: "I approve the promotion of fraud-detector 3.2.0 to production as Risk officer", and
 * for an approval with conditions ", on these conditions: <conditions>". A rejection has none. The signing dialog
 * shows this very sentence before the password is typed; the server stores it.
 */
export function signatureMeaning(decision: 'approve' | 'reject', model: string, version: string, target: string, role: Role | string, conditions = '') {
  const stated = decision === 'approve' ? statedConditions(conditions) : '';
  return `I ${decision} the promotion of ${model} ${version} to ${target} as ${humanize(role)}${stated ? `, on these conditions: ${stated}` : ''}`;
}
