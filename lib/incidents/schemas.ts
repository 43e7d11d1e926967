import { z } from 'zod';
import { required, text } from '@/lib/http/text-fields';
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES, SEVERITIES } from '@/db/schema';
import { EARLIEST_CLAIMED_MESSAGE, isBeforeRecords } from '@/lib/clock-skew';
import { ZPagination } from '@/lib/inventory/schemas';

const ZId = z.string().trim().min(1, 'Required.').max(64);

/**
 * A moment as YYYY-MM-DD (midnight UTC), "YYYY-MM-DD HH:MM" (UTC, as forms send it) or an ISO date-time with an
 * offset, no earlier than 2000 once the offset is applied; stored as a UTC ISO string so clocks compare as text.
 */
export const ZMoment = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/, 'Use a date as YYYY-MM-DD, optionally with a time (HH:MM, UTC).')
  .transform((value, ctx) => {
    const day = value.slice(0, 10);
    const midnight = Date.parse(`${day}T00:00:00Z`);
    const rest = value.slice(11);
    const time = rest ? Date.parse(`${day}T${rest}${/Z|[+-]\d{2}:\d{2}$/.test(rest) ? '' : 'Z'}`) : midnight;
    if (Number.isNaN(midnight) || new Date(midnight).toISOString().slice(0, 10) !== day || Number.isNaN(time)) {
      ctx.addIssue({ code: 'custom', message: 'This is not a calendar date and time.' });
      return z.NEVER;
    }
    if (isBeforeRecords(new Date(time))) {
      ctx.addIssue({ code: 'custom', message: EARLIEST_CLAIMED_MESSAGE });
      return z.NEVER;
    }
    return new Date(time).toISOString();
  });

export const ZRecordIncidentInput = z.object({
  title: required(200),
  description: required(8000),
  systemIds: z.array(ZId, { error: 'Choose at least one affected system.' }).min(1, 'Choose at least one affected system.').max(50, 'At most 50 systems.'),
  affectedPeople: text(2000).default(''),
  severity: z.enum(SEVERITIES, { error: `Choose one of: ${SEVERITIES.join(', ')}.` }),
  serious: z.boolean({ error: 'Say whether it is a serious incident.' }),
  category: z.enum(INCIDENT_CATEGORIES, { error: `Choose one of: ${INCIDENT_CATEGORIES.join(', ')}.` }).default('general'),
  awareAt: ZMoment,
  /** Who handles the incident; the recorder when omitted. */
  ownerId: ZId.optional(),
});
export type RecordIncidentInput = z.output<typeof ZRecordIncidentInput>;

export const ZUpdateIncidentInput = z.object({
  description: required(8000).optional(),
  affectedPeople: text(2000).optional(),
  severity: z.enum(SEVERITIES).optional(),
  category: z.enum(INCIDENT_CATEGORIES).optional(),
});
export type UpdateIncidentInput = z.output<typeof ZUpdateIncidentInput>;

export const ZMarkIncidentReportedInput = z.object({
  reportedAt: ZMoment,
  authorityReference: required(200),
});
export type MarkIncidentReportedInput = z.output<typeof ZMarkIncidentReportedInput>;

export const ZCloseIncidentInput = z.object({ closingNote: required(4000) });

/**
 * PATCH /incidents/{id}: without `status`, an edit of the facts; `status: "reported"` with the date and the
 * authority's reference; `status: "closed"` with a closing note.
 */
export const ZPatchIncidentInput = ZUpdateIncidentInput.extend({
  status: z.enum(['reported', 'closed']).optional(),
  reportedAt: ZMoment.optional(),
  authorityReference: required(200).optional(),
  closingNote: required(4000).optional(),
}).superRefine((input, ctx) => {
  const need = (path: 'reportedAt' | 'authorityReference' | 'closingNote') => {
    if (input[path] === undefined) ctx.addIssue({ code: 'custom', path: [path], message: 'Required.' });
  };
  if (input.status === 'reported') (['reportedAt', 'authorityReference'] as const).forEach(need);
  if (input.status === 'closed') need('closingNote');
  // A field of another move is refused, never dropped: a pipeline must not believe it reported a serious incident.
  const belongs = { reportedAt: 'reported', authorityReference: 'reported', closingNote: 'closed' } as const;
  for (const [path, status] of Object.entries(belongs) as [keyof typeof belongs, 'reported' | 'closed'][]) {
    if (input[path] !== undefined && input.status !== status) ctx.addIssue({ code: 'custom', path: [path], message: `Goes with "status": "${status}"${input.status ? `, not "${input.status}"` : ''}.` });
  }
  const edits = (['description', 'affectedPeople', 'severity', 'category'] as const).filter((k) => input[k] !== undefined);
  if (input.status && edits.length > 0) ctx.addIssue({ code: 'custom', path: [edits[0]!], message: 'Change the facts and the status in separate requests.' });
});
export type PatchIncidentInput = z.output<typeof ZPatchIncidentInput>;

export const ZAddIncidentActionInput = z.object({
  text: required(4000),
  at: ZMoment,
});
export type AddIncidentActionInput = z.output<typeof ZAddIncidentActionInput>;

export const ZListIncidentsQuery = ZPagination.extend({
  status: z.enum(INCIDENT_STATUSES).optional(),
  systemId: ZId.optional(),
});
export type ListIncidentsQuery = z.output<typeof ZListIncidentsQuery>;
