import { describe, expect, it } from 'vitest';
import { REVIEW_OUTCOMES } from '@/db/schema';
import { conditionsField, OUTCOMES_WITH_CONDITIONS } from '@/components/reviews/conditions-field';
import { OUTCOMES_NEEDING_CONDITIONS, ZSignReviewInput } from './schemas';

describe('the review dialog asks for conditions as the server requires them', () => {
  it('marks the field required, never optional, for exactly the outcomes the server refuses without conditions', () => {
    expect([...OUTCOMES_WITH_CONDITIONS].sort()).toEqual([...OUTCOMES_NEEDING_CONDITIONS].sort());
    for (const outcome of REVIEW_OUTCOMES) {
      const field = conditionsField(outcome);
      const serverNeedsThem = !ZSignReviewInput.safeParse({ systemId: 'x', snapshotSha256: 'a'.repeat(64), outcome, conditions: '', password: 'p' }).success;
      expect({ outcome, required: field.required, optional: field.label.includes('optional') }).toEqual({ outcome, required: serverNeedsThem, optional: !serverNeedsThem });
    }
    expect(conditionsField('restrict').label).toBe('Restrictions');
  });
});
