import { Badge, type Tone } from '@/components/ui/badge';
import { humanize } from '@/lib/words';

const TONES: Record<string, Tone> = { pending: 'amber', delivered: 'green', failed: 'red' };

export const DeliveryStatusBadge = ({ status }: { status: string }) => <Badge tone={TONES[status]}>{humanize(status)}</Badge>;
