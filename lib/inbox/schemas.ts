import { z } from 'zod';
import { ZPagination } from '@/lib/inventory/schemas';

/** A page of the caller's inbox news (the stored notifications); the action items always come whole. */
export const ZInboxQuery = ZPagination.extend({
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type InboxQuery = z.output<typeof ZInboxQuery>;

/**
 * Mark some of one's own notifications read (`ids`), or all of them (`all`), optionally only those that arrived up to
 * `through`, the newest the page showed, so an item that arrives meanwhile stays unread.
 */
export const ZMarkReadInput = z
  .object({
    ids: z.array(z.uuid('Each id is a notification id (a UUID).')).min(1).max(100).optional(),
    all: z.literal(true).optional(),
    // Stored times are compared as text: "…:11Z" must read as …:11.000Z, not after …:11.770Z.
    through: z.iso.datetime({ offset: true, message: 'Use an ISO date-time such as 2026-12-02T10:00:00.000Z.' }).transform((time) => new Date(time).toISOString()).optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.ids === undefined) === (input.all === undefined)) ctx.addIssue({ code: 'custom', path: ['ids'], message: 'Send either ids or all: true.' });
    if (input.through !== undefined && input.all === undefined) ctx.addIssue({ code: 'custom', path: ['through'], message: 'through goes with all: true.' });
  });
export type MarkReadInput = z.output<typeof ZMarkReadInput>;
