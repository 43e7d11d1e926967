import type { ReviewOutcome } from '@/db/schema/reviews';

/** The outcomes the server refuses without conditions (lib/reviews/schemas.ts OUTCOMES_NEEDING_CONDITIONS; a test keeps them one). */
export const OUTCOMES_WITH_CONDITIONS: readonly ReviewOutcome[] = ['continue_with_conditions', 'restrict'];

/** How the dialog asks for conditions: required, and named for what they are, whenever the outcome needs them. */
export function conditionsField(outcome: ReviewOutcome): { label: string; required: boolean; hint?: string } {
  if (outcome === 'restrict') return { label: 'Restrictions', required: true, hint: 'What the system may no longer do, and until when.' };
  if (OUTCOMES_WITH_CONDITIONS.includes(outcome)) return { label: 'Conditions', required: true, hint: 'What must be done, by whom and by when, for the system to continue.' };
  return { label: 'Conditions (optional)', required: false };
}
