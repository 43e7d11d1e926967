import { Badge, type Tone } from '@/components/ui/badge';
import { humanize } from '@/lib/words';

const TONES: Record<string, Tone> = { registered: 'green', mapped: 'green', updated: 'blue', awaiting_digest: 'amber', unmapped: 'amber', refused: 'red', ignored: 'gray', test: 'gray' };

/** What Provenant did with a delivery, in words (awaiting_digest reads "Awaiting digest"). */
export function DeliveryOutcomeBadge({ outcome }: { outcome: string }) {
  return <Badge tone={TONES[outcome] ?? 'gray'}>{humanize(outcome)}</Badge>;
}
