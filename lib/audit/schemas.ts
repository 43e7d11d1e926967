import { z } from 'zod';
import { sentence } from '@/lib/http/text-fields';
import { ZPagination } from '@/lib/inventory/schemas';
import { AUDIT_ACTIONS } from './actions';

const ZAuditFilters = ZPagination.extend({
  action: z.enum(AUDIT_ACTIONS).optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  about: z.string().max(64).optional().describe('A system or model version id: its history, the events of it and of the records under it (lib/audit/about-record.ts)'),
  actor: z.string().trim().max(320).optional().describe('Part of the actor’s email or name, any case'),
  sessions: z.enum(['hidden']).optional().describe('hidden: leave out sign-ins and sign-outs (refused sign-ins stay)'),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

/** A period that ends before it begins matches nothing: said, rather than answered with an empty list. */
const periodInOrder = <S extends z.ZodObject>(schema: S): S =>
  schema.refine((q) => {
    const { from, to } = q as { from?: string; to?: string };
    return !from || !to || from <= to;
  }, { message: 'The period ends before it begins: choose a To date on or after the From date.', path: ['to'] });

export const ZListAuditQuery = periodInOrder(ZAuditFilters);
/** The audit page's and API list's own filters, without paging: an export holds every matching event. */
export const ZAuditExportQuery = periodInOrder(ZAuditFilters.omit({ page: true, pageSize: true }));
export type ListAuditQuery = z.output<typeof ZListAuditQuery>;

export const ZAcknowledgeBreakInput = z.object({
  /** A number, or its digits as a form sends them. Not only from 1: a row forged at sequence 0 or below is a break too. */
  seq: z.preprocess((v) => (typeof v === 'string' && /^-?\d{1,15}$/.test(v) ? Number(v) : v), z.number({ error: 'The broken sequence number.' }).int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER)),
  reason: sentence(20, 2000, 'Say what happened and why the break may stand, in a sentence or two.'),
  password: z.string().min(1, 'Your password is required.').max(1024),
});
export type AcknowledgeBreakInput = z.output<typeof ZAcknowledgeBreakInput>;
