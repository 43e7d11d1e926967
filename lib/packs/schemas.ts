import { z } from 'zod';
import { PACK_SCOPES } from '@/db/schema/vocabulary';
import { ISO_DATE_ERROR } from '@/lib/http/to-domain-error';
import { ZPagination } from '@/lib/inventory/schemas';

/** What a pack put back in the queue (lib/packs/finish-evidence-pack.ts) shows until a generator takes it again. */
export const REQUEUED_PHASE = 'Requeued: the server generating it stopped before it finished';

const isPeriodDate = (value: unknown): value is string => z.iso.date().safeParse(value).success;
const ZPeriodDate = z.preprocess((value) => (value === '' ? null : value), z.iso.date(ISO_DATE_ERROR).nullable().optional());

export const ZRequestEvidencePackInput = z
  .object({
    scopeType: z.enum(PACK_SCOPES, { error: `Choose one of: ${PACK_SCOPES.join(', ')}.` }),
    /** The AI system or model version the pack covers; none for the whole inventory. */
    scopeId: z.preprocess((value) => (value === '' ? null : value), z.string().trim().max(64).nullable().optional()),
    periodFrom: ZPeriodDate,
    periodTo: ZPeriodDate,
  })
  .superRefine((input, ctx) => {
    if (input.scopeType !== 'inventory' && !input.scopeId) {
      ctx.addIssue({ code: 'custom', path: ['scopeId'], message: `Choose the ${input.scopeType === 'system' ? 'AI system' : 'model version'} the pack covers.` });
    }
    if (input.scopeType === 'inventory' && input.scopeId) {
      ctx.addIssue({ code: 'custom', path: ['scopeId'], message: 'A pack of the whole inventory takes no scope id.' });
    }
    // Zod runs this even when a date was refused above: compare only two real dates, or the format message is lost.
    if (isPeriodDate(input.periodFrom) && isPeriodDate(input.periodTo) && input.periodFrom > input.periodTo) {
      ctx.addIssue({ code: 'custom', path: ['periodTo'], message: 'The period must end on or after its start.' });
    }
  });
export type RequestEvidencePackInput = z.output<typeof ZRequestEvidencePackInput>;

export const ZListEvidencePacksQuery = ZPagination.extend({
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListEvidencePacksQuery = z.output<typeof ZListEvidencePacksQuery>;

export const PACK_FILES = ['pdf', 'zip'] as const;
export type PackFile = (typeof PACK_FILES)[number];
