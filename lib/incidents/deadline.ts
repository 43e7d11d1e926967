import type { IncidentCategory } from '@/db/schema';
import { formatDate, formatDateTime } from '@/lib/format/date-time';
import { plural } from '@/lib/words';

/**
 * EU AI Act (Regulation (EU) 2024/1689) Art. 73: a serious incident is reported "immediately" and not later than
 * 15 days after becoming aware (73(2)); 10 days where a death may be involved (73(4)); 2 days for a widespread
 * infringement or a serious and irreversible disruption of critical infrastructure, Art. 3(49)(b) (73(3)).
 */
export const REPORTING_CLOCKS: Record<IncidentCategory, { days: number; paragraph: string; label: string }> = {
  general: { days: 15, paragraph: 'Art. 73(2)', label: 'General serious incident' },
  death: { days: 10, paragraph: 'Art. 73(4)', label: 'Death of a person possibly involved' },
  widespread_or_critical_infrastructure: { days: 2, paragraph: 'Art. 73(3)', label: 'Widespread infringement or serious and irreversible disruption of critical infrastructure' },
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The latest moment the report may reach the authority: awareness plus the category's days, to the millisecond. */
export function reportDeadlineFor(serious: boolean, category: IncidentCategory, awareAt: string): string | null {
  return serious ? new Date(Date.parse(awareAt) + REPORTING_CLOCKS[category].days * DAY).toISOString() : null;
}

type DeadlineFacts = { serious: boolean; reportDeadline: string | null; reportedAt: string | null };

export type IncidentDeadline = {
  /** Null: not a serious incident, nothing to report to an authority. */
  deadline: string | null;
  /** Calendar days (UTC) from today to the deadline's day, negative once past; `hoursLeft` when under two days either side. */
  daysLeft: number | null;
  hoursLeft: number | null;
  /** Past the deadline with no report. */
  overdue: boolean;
  /** Reported at or before the deadline (null while unreported or when nothing is due). */
  met: boolean | null;
};

export function incidentDeadline(incident: DeadlineFacts, now: Date): IncidentDeadline {
  const deadline = incident.serious ? incident.reportDeadline : null;
  if (!deadline) return { deadline: null, daysLeft: null, hoursLeft: null, overdue: false, met: null };
  const left = Date.parse(deadline) - now.getTime();
  const met = incident.reportedAt ? incident.reportedAt <= deadline : null;
  return {
    deadline,
    daysLeft: Math.round((Date.parse(deadline.slice(0, 10)) - Date.parse(now.toISOString().slice(0, 10))) / DAY),
    hoursLeft: Math.abs(left) < 2 * DAY ? Math.trunc(left / HOUR) : null,
    overdue: met === null && left < 0,
    met,
  };
}

/** "Report due in 3 days (2026-12-05)", "Report overdue by 5 hours (due 2026-12-02 10:00 UTC)", "Reported on time". */
export function deadlineSentence(incident: DeadlineFacts, clock: IncidentDeadline): string {
  if (!clock.deadline) return 'No report due: not a serious incident.';
  const due = clock.hoursLeft !== null ? formatDateTime(clock.deadline) : formatDate(clock.deadline);
  if (clock.met !== null) return `Reported ${formatDate(incident.reportedAt)}, ${clock.met ? 'within' : 'after'} the deadline (${due}).`;
  const hours = clock.hoursLeft === null ? null : Math.abs(clock.hoursLeft);
  const amount = hours === null ? plural(Math.abs(clock.daysLeft!), 'day') : hours === 0 ? 'less than an hour' : plural(hours, 'hour');
  return clock.overdue ? `Report overdue by ${amount} (due ${due}).` : `Report due in ${amount} (${due}).`;
}
