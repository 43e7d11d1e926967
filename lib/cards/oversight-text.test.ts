import { describe, expect, it } from 'vitest';
import type { OversightReview } from './oversight-schema';
import { reviewStateText } from './oversight-text';

const review = (extra: Partial<OversightReview>): OversightReview => ({ nextReviewDate: '2027-06-01', dueBy: '2027-06-01', overdue: false, dueNow: [], last: null, ...extra });
const trigger = { reason: 'critical_finding' as const, detail: 'Critical finding F-2', since: '2026-11-01T09:00:00.000Z' };

describe('the card’s review line', () => {
  it('names the day a review was due by, a trigger’s when it set the earlier day, never a date still to come', () => {
    expect(reviewStateText(review({}))).toBe('Next review 2027-06-01');
    expect(reviewStateText(review({ nextReviewDate: '2026-11-20', dueBy: '2026-11-20', overdue: true }))).toBe('Overdue: was due by 2026-11-20');
    expect(reviewStateText(review({ dueBy: '2026-12-01', overdue: true, dueNow: [trigger] }))).toBe('Overdue: was due by 2026-12-01');
    expect(reviewStateText(review({ nextReviewDate: null, dueBy: '2026-12-01', overdue: true, dueNow: [trigger] }))).toBe('Overdue: was due by 2026-12-01');
    expect(reviewStateText(review({ nextReviewDate: null, dueBy: null }))).toBe('No review date set');
    // Oversight read before dueBy existed says its date.
    expect(reviewStateText(review({ nextReviewDate: '2026-11-20', dueBy: undefined, overdue: true }))).toBe('Overdue: was due by 2026-11-20');
  });
});
