import { Badge, humanize, type Tone } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { deadlineSentence, type IncidentDeadline } from '@/lib/incidents/deadline';

const STATUS_TONES: Record<string, Tone> = { open: 'amber', reported: 'blue', closed: 'gray' };

export const IncidentStatusBadge = ({ status }: { status: string }) => <Badge tone={STATUS_TONES[status]}>{humanize(status)}</Badge>;

type Facts = { serious: boolean; reportDeadline: string | null; reportedAt: string | null; clock: IncidentDeadline };

/** The Art. 73 countdown as a sentence: red once overdue or reported late, amber with under two days left. */
export function DeadlineText({ incident, className }: { incident: Facts; className?: string }) {
  const { clock } = incident;
  const tone = clock.overdue || clock.met === false ? 'font-medium text-rose-700' : clock.met === null && clock.hoursLeft !== null ? 'font-medium text-amber-800' : clock.deadline ? 'text-slate-800' : 'text-slate-500';
  const sentence = deadlineSentence(incident, clock);
  // The date in brackets never breaks at its hyphens.
  const at = sentence.lastIndexOf(' (');
  if (at < 0) return <span className={cn(tone, className)}>{sentence}</span>;
  return (
    <span className={cn(tone, className)}>
      {sentence.slice(0, at)} <span className="whitespace-nowrap">{sentence.slice(at + 1)}</span>
    </span>
  );
}
