import { z } from 'zod';

export const CARD_FORMATS = ['json', 'md', 'pdf', 'cyclonedx'] as const;
export type CardFormat = (typeof CARD_FORMATS)[number];

/** `view=signed` is the last approved snapshot; `request` picks the snapshot of one promotion request. */
export const ZCardQuery = z.object({
  format: z.enum(CARD_FORMATS).default('json'),
  view: z.enum(['current', 'signed']).default('current'),
  request: z.string().regex(/^[\w-]{1,64}$/, 'Not a request id').optional(),
});
export type CardQuery = z.infer<typeof ZCardQuery>;
