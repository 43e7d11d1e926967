import { formatDateTime } from '@/components/ui/format';
import { plural } from '@/lib/words';

const DAY = 86400000;

/** "today", "yesterday", "3 days ago" (or "in 3 days" ahead), counted in whole UTC days. */
export function daysFrom(iso: string, now: Date) {
  const days = Math.round((Date.parse(iso.slice(0, 10)) - Date.parse(now.toISOString().slice(0, 10))) / DAY);
  if (days === 0) return 'today';
  if (days === -1) return 'yesterday';
  if (days === 1) return 'tomorrow';
  return days < 0 ? `${plural(-days, 'day')} ago` : `in ${plural(days, 'day')}`;
}

/** A relative date that keeps its exact UTC time at hand (hover, and for machines in dateTime). */
export function Age({ iso, now, prefix }: { iso: string; now: Date; prefix?: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {prefix ? `${prefix} ` : ''}
      {daysFrom(iso, now)}
    </time>
  );
}
