import { z } from 'zod';
import { required, text } from '@/lib/http/text-fields';
import { FINDING_STATUSES, FINDING_SUBJECTS, FINDING_TYPES, HAND_RAISED_FINDING_TYPES, SEVERITIES } from '@/db/schema';

/** A finding's title, whoever raises it: a person, a monitoring breach or an integrity check. */
export const FINDING_TITLE_CHARS = 200;
/** A finding's description and remediation plan. */
export const FINDING_TEXT_CHARS = 8000;
/** Forms send an empty field as '' (an empty select as null); for optional values that means "none". */
const blankToUndefined = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (value === '' || value === null ? undefined : value), schema);

export const ZRaiseFindingInput = z.object({
  // An approval condition is raised by the approval that sets it, never by hand.
  type: z.enum(HAND_RAISED_FINDING_TYPES, { error: `Choose one of: ${HAND_RAISED_FINDING_TYPES.join(', ')}.` }),
  severity: z.enum(SEVERITIES, { error: `Choose one of: ${SEVERITIES.join(', ')}.` }),
  title: required(FINDING_TITLE_CHARS),
  description: required(FINDING_TEXT_CHARS),
  remediationPlan: text(FINDING_TEXT_CHARS).optional(),
  subjectType: z.enum(FINDING_SUBJECTS, { error: `Choose one of: ${FINDING_SUBJECTS.join(', ')}.` }),
  subjectId: required(64),
  /** Omitted: the subject's owner. */
  ownerId: blankToUndefined(text(64).min(1).optional()),
});
export type RaiseFindingByHandInput = z.output<typeof ZRaiseFindingInput>;

/** The statuses a finding's owner (or risk and security) moves it to; closing and accepting are their own verbs. */
export const WORK_STATUSES = ['in_remediation', 'ready_for_validation'] as const;

export const ZUpdateFindingInput = z.object({
  title: required(FINDING_TITLE_CHARS).optional(),
  description: required(FINDING_TEXT_CHARS).optional(),
  remediationPlan: text(FINDING_TEXT_CHARS).optional(),
  ownerId: blankToUndefined(text(64).min(1).optional()),
  severity: blankToUndefined(z.enum(SEVERITIES).optional()),
  status: blankToUndefined(z.enum(WORK_STATUSES, { error: 'A finding moves to in_remediation or ready_for_validation here; close or accept it with its own form.' }).optional()),
  /** Lowering a high or critical finding's severity: why, and the password again. */
  severityReason: blankToUndefined(text(2000).optional()),
  password: z.string().max(1024).optional(),
});
export type UpdateFindingInput = z.output<typeof ZUpdateFindingInput>;

export const ZCloseFindingInput = z
  .object({
    outcome: z.enum(['closed', 'invalid']),
    /** Closed: what proves it is fixed. Invalid: why it was never a real problem. */
    closureEvidence: required(8000),
    evaluationId: blankToUndefined(text(64).min(1).optional()),
    /** Needed to close a high or critical finding: the signature's re-authentication. */
    password: z.string().max(1024).optional(),
  });
export type CloseFindingInput = z.output<typeof ZCloseFindingInput>;

/** The longest a risk may stay accepted: one year, the high-risk tier's review cadence, so no waiver outlives a review. */
export const MAX_WAIVER_DAYS = 365;

export const ZWaiveFindingInput = z.object({
  justification: required(8000),
  compensatingControls: required(8000),
  /** The day the waiver ends (YYYY-MM-DD, UTC): required, after today and at most MAX_WAIVER_DAYS ahead. */
  expiresOn: z.iso.date({ error: 'An accepted risk needs an expiry date (YYYY-MM-DD).' }),
  password: z.string().max(1024),
});
export type WaiveFindingInput = z.output<typeof ZWaiveFindingInput>;

/**
 * A second risk officer's decision on a proposal to accept a finding's risk, signed either way (the password again),
 * as every decision on another person's proposal is; declining says why in the comment.
 */
export const ZDecideWaiverProposalInput = z
  .object({
    decision: z.enum(['approve', 'decline'], { error: 'Choose Approve or Decline.' }),
    comment: z.string().trim().max(4000).default(''),
    password: z.string().min(1, 'Enter your password to decide.').max(1024),
  })
  .refine((d) => d.decision === 'approve' || d.comment.length > 0, { message: 'Declining needs a comment: say why.', path: ['comment'] });
export type DecideWaiverProposalInput = z.output<typeof ZDecideWaiverProposalInput>;

/** PATCH /api/v1/findings/{id}: field edits and work moves, or (from a browser session, with the password) closing and accepting. */
export const ZPatchFindingInput = z.object({
  ...ZUpdateFindingInput.omit({ status: true }).shape,
  status: z.enum(['in_remediation', 'ready_for_validation', 'closed', 'invalid', 'accepted']).optional(),
  closureEvidence: text(8000).optional(),
  evaluationId: text(64).optional(),
  justification: text(8000).optional(),
  compensatingControls: text(8000).optional(),
  expiresOn: z.string().max(32).optional(),
  password: z.string().max(1024).optional(),
});

export const FINDING_SORTS = ['priority', 'due', 'severity', 'raised', 'number'] as const;

export const ZListFindingsQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
  /** `active`: open, in remediation or ready for validation; `all`: every status. */
  status: z.enum(['active', 'all', ...FINDING_STATUSES]).default('active'),
  severity: z.enum(SEVERITIES).optional(),
  type: z.enum(FINDING_TYPES).optional(),
  subjectType: z.enum(FINDING_SUBJECTS).optional(),
  subjectId: text(64).optional(),
  systemId: text(64).optional(),
  /** A user id, or `me`. */
  ownerId: text(64).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** priority: overdue first, then severity, then due date. */
  sort: z.enum(FINDING_SORTS).default('priority'),
});
export type ListFindingsQuery = z.output<typeof ZListFindingsQuery>;

const ZSubjectChoice = z.object({ subjectId: text(64).optional(), subjectIds: z.array(text(64)).max(1, 'Choose one subject.').optional() });

/**
 * The raise form: the subject comes prefilled (subjectId) or from the search picker (subjectIds, one of them). A
 * missing subject is said on the first submit, beside the other fields' errors (`when`: checked whatever they hold).
 */
export const ZRaiseFindingForm = ZRaiseFindingInput.omit({ subjectId: true })
  .extend(ZSubjectChoice.shape)
  .refine((input) => Boolean(input.subjectId || input.subjectIds?.[0]), {
    path: ['subjectIds'],
    message: 'Choose what the finding is about.',
    when: (payload) => ZSubjectChoice.safeParse(payload.value).success,
  })
  .transform(({ subjectIds, ...input }) => ({ ...input, subjectId: (input.subjectId || subjectIds?.[0])! }));
