import { formatDateTime } from '@/components/ui/format';
import { plural } from '@/lib/words';

const DAY = 86400000;

/**
 * "today", "yesterday", "3 days ago" (or "in 3 days" ahead), counted in whole UTC days. As how long something has
 * waited (`waiting`): "new today", "waiting 1 day", "waiting 3 days".
 */
export function daysFrom(iso: string, now: Date, { waiting = false }: { waiting?: boolean } = {}) {
  const days = Math.round((Date.parse(iso.slice(0, 10)) - Date.parse(now.toISOString().slice(0, 10))) / DAY);
  // A wait that starts today, or ahead of the clock's day, has not yet waited a day.
  if (waiting) return days >= 0 ? 'new today' : `waiting ${plural(-days, 'day')}`;
  if (days === 0) return 'today';
  if (days === -1) return 'yesterday';
  if (days === 1) return 'tomorrow';
  return days < 0 ? `${plural(-days, 'day')} ago` : `in ${plural(days, 'day')}`;
}

/**
 * A relative date that keeps its exact UTC time at hand (hover, and for machines in dateTime): after a `prefix`
 * ("opened 3 days ago"), or as a wait ("waiting 3 days", "new today").
 */
export function Age({ iso, now, prefix, waiting = false }: { iso: string; now: Date; prefix?: string; waiting?: boolean }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {prefix ? `${prefix} ` : ''}
      {daysFrom(iso, now, { waiting })}
    </time>
  );
}
