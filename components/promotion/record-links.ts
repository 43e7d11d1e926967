import { humanize } from '@/lib/words';
import type { RecordLink } from './gate-checklist';

type Evaluation = { id: string; kind: string; environment: string; producer: string };

/** Names each evidence record ("Robustness evaluation by ci (staging)") and says where the page shows it. */
export function recordLinks(evaluations: Evaluation[], href: (id: string) => string): Map<string, RecordLink> {
  return new Map(evaluations.map((e) => [e.id, { name: `${humanize(e.kind)} evaluation by ${e.producer || 'an unnamed producer'} (${e.environment})`, href: href(e.id) }]));
}
