import { z } from 'zod';
import { STAGES } from '@/db/schema';
import { ZPagination } from './schemas';

export const MODEL_LIST_SORTS = ['name', 'updatedAt'] as const;

/**
 * The models list's filters, kept in the URL: name search, system (id, or words of its name), a stage some version
 * is in, an owner ('me': systems I own and models I registered); sorted by name (case-insensitive) or last change.
 */
export const ZListModelRowsQuery = ZPagination.extend({
  q: z.string().trim().max(200).optional(),
  system: z.string().trim().max(200).optional(),
  systemId: z.string().max(64).optional(),
  stage: z.enum(STAGES).optional(),
  owner: z.string().max(64).optional(),
  sort: z.enum(MODEL_LIST_SORTS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type ListModelRowsQuery = z.output<typeof ZListModelRowsQuery>;
