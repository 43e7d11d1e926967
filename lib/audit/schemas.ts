import { z } from 'zod';
import { ZPagination } from '@/lib/inventory/schemas';
import { AUDIT_ACTIONS } from './actions';

export const ZListAuditQuery = ZPagination.extend({
  action: z.enum(AUDIT_ACTIONS).optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  actor: z.string().trim().max(320).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type ListAuditQuery = z.output<typeof ZListAuditQuery>;
