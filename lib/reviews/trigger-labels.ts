import type { ReviewTriggerReason } from '@/db/schema';

const LABELS: Record<ReviewTriggerReason, string> = {
  new_upstream_dataset: 'New upstream dataset version',
  waiver_expired: 'Waiver expired',
  critical_finding: 'Critical finding',
  policy_changed: 'Policy changed',
  serious_incident: 'Serious incident',
};

/** What made a review due, in words: one label for the reviews page, the AI Cards and their PDF and Markdown. */
export const reviewTriggerLabel = (reason: ReviewTriggerReason) => LABELS[reason];
