import { Badge, type Tone } from '@/components/ui/badge';
import type { ReviewOutcome } from '@/db/schema';
import { humanize } from '@/lib/words';

const STATUS: Record<string, { tone: Tone; label: string }> = {
  overdue: { tone: 'red', label: 'Overdue' },
  due_now: { tone: 'amber', label: 'Due now' },
  upcoming: { tone: 'gray', label: 'Upcoming' },
  not_scheduled: { tone: 'gray', label: 'Not scheduled' },
  signed: { tone: 'green', label: 'Signed' },
};
const OUTCOME_TONES: Record<ReviewOutcome, Tone> = { continue: 'green', continue_with_conditions: 'amber', restrict: 'rose', retire: 'red' };

export const ReviewStatusBadge = ({ status }: { status: string }) => <Badge tone={STATUS[status]?.tone}>{STATUS[status]?.label ?? humanize(status)}</Badge>;
export const ReviewOutcomeBadge = ({ outcome }: { outcome: ReviewOutcome }) => <Badge tone={OUTCOME_TONES[outcome]}>{humanize(outcome)}</Badge>;
