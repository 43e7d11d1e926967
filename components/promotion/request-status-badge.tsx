import { Badge } from '@/components/ui/badge';
import { humanize } from '@/lib/words';
import { REQUEST_STATUS_TONES } from './request-status-tone';

/** A promotion request's status as a badge, worded and coloured the same on every page ("Approved", green). */
export function RequestStatusBadge({ status }: { status: keyof typeof REQUEST_STATUS_TONES }) {
  return <Badge tone={REQUEST_STATUS_TONES[status]}>{humanize(status)}</Badge>;
}
