import { Badge, type Tone } from '@/components/ui/badge';
import { humanize } from '@/lib/words';

const SEVERITY_TONES: Record<string, Tone> = { critical: 'rose', high: 'red', medium: 'amber', low: 'gray' };
const STATUS_TONES: Record<string, Tone> = { open: 'red', in_remediation: 'amber', ready_for_validation: 'blue', closed: 'green', accepted: 'indigo', invalid: 'gray' };

/** "Critical", "High" …: the word, with a colour that never carries the meaning alone. */
export const SeverityBadge = ({ severity }: { severity: string }) => <Badge tone={SEVERITY_TONES[severity]}>{humanize(severity)}</Badge>;

/** "Open", "In remediation", "Accepted" (a waived risk reads as accepted, as users say it). */
export const FindingStatusBadge = ({ status }: { status: string }) => <Badge tone={STATUS_TONES[status]}>{humanize(status)}</Badge>;

/** "Overdue by 3 days" or the due date; accepted, closed and invalid findings are never overdue. */
export function DueDate({ dueDate, overdueDays }: { dueDate: string; overdueDays: number | null }) {
  return (
    <span className="whitespace-nowrap tabular-nums">
      <time dateTime={dueDate}>{dueDate}</time>
      {overdueDays ? <span className="block text-xs font-medium text-rose-700">Overdue by {overdueDays === 1 ? '1 day' : `${overdueDays.toLocaleString('en')} days`}</span> : null}
    </span>
  );
}
