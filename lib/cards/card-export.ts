import { z } from 'zod';
import { annexIvCoverage } from './annex-iv';
import { ZCardContent, ZCardRequest } from './card-schema';
import { ZCardOversight } from './oversight-schema';
import type { CardView } from './load-card';

export const CARD_EXPORT_SCHEMA = 'provenant.ai-card-export/v1';

export const CANONICALIZATION =
  'SHA-256 of the UTF-8 bytes of `card` as canonical JSON: object keys sorted by UTF-16 code unit, no insignificant whitespace, members whose value is undefined omitted, numbers and strings as JSON.stringify writes them (RFC 8785 for these values).';

/** The JSON export of a card: the card content exactly as hashed, its digest, and the signatures bound to it. */
export const ZCardExport = z.object({
  schema: z.literal(CARD_EXPORT_SCHEMA),
  generatedAt: z.string().describe('The time the card stands at: a snapshot card’s last change; a current card’s last change or the start of the current UTC hour, whichever is later (the same record state exports the same bytes). Not part of the digest'),
  source: z.enum(['current', 'snapshot']).describe('current: built from the record now; snapshot: rendered from the snapshot frozen at submission'),
  digest: z.object({ algorithm: z.literal('sha256'), canonicalization: z.string(), value: z.string().regex(/^[0-9a-f]{64}$/) }),
  card: ZCardContent,
  stage: z.string().nullable().describe('The version stage now (current cards only)'),
  request: ZCardRequest.nullable().describe('The promotion request whose snapshot this card is'),
  lastSigned: ZCardRequest.nullable().describe('The most recent approved promotion request of the version'),
  differsFromLastSigned: z.boolean().nullable(),
  changedSinceSigned: z.array(z.string()).nullable().optional()
    .describe('Where a current card differs from the last signed one, its sections in words ("the evidence"); null when it does not, nothing was signed, or on a snapshot card; absent in exports made before it existed'),
  oversight: ZCardOversight.nullable()
    .optional()
    .describe('Live monitoring, findings, waivers, reviews and incidents at generatedAt; not part of the digest. Null on a snapshot card, absent in exports made before it existed'),
  annexIV: z.array(z.object({ point: z.string(), topic: z.string(), coverage: z.enum(['covered', 'partly', 'not covered']), sections: z.array(z.string()), note: z.string() })),
});
export type CardExport = z.infer<typeof ZCardExport>;

export function toCardExport(view: CardView): CardExport {
  return {
    schema: CARD_EXPORT_SCHEMA,
    generatedAt: view.generatedAt,
    source: view.source,
    digest: { algorithm: 'sha256', canonicalization: CANONICALIZATION, value: view.sha256 },
    card: view.content,
    stage: view.stage,
    request: view.request,
    lastSigned: view.lastSigned,
    differsFromLastSigned: view.differsFromLastSigned,
    changedSinceSigned: view.changedSinceSigned,
    oversight: view.oversight,
    annexIV: annexIvCoverage(view),
  };
}

/** The export's JSON Schema (draft 2020-12), generated from the same zod schema that parses snapshots. */
export const cardExportJsonSchema = () => ({ $id: CARD_EXPORT_SCHEMA, title: 'Provenant AI Card export', ...z.toJSONSchema(ZCardExport, { target: 'draft-2020-12' }) });
