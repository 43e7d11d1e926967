import { z } from 'zod';
import { sentence } from '@/lib/http/text-fields';
import { PROMOTION_TARGETS, SIGNATURE_DECISIONS } from '@/db/schema';
import { ZPagination, ZSha256 } from '@/lib/inventory/schemas';
import { SIGNING_ROLES } from './policy-schemas';

export const ZRequestPromotionInput = z.object({
  modelVersionId: z.string().min(1).max(64),
  targetStage: z.enum(PROMOTION_TARGETS),
  justification: sentence(10, 4000, 'Explain why, in a sentence or more.'),
  /** An explicit rollback of an archived version, under the policy's rollback rule; never implied. */
  rollback: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()).optional(),
});

export const ZSignRequestInput = z
  .object({
    requestId: z.string().min(1).max(64),
    role: z.enum(SIGNING_ROLES, { error: 'Choose the role you sign as.' }),
    decision: z.enum(SIGNATURE_DECISIONS),
    comment: z.string().trim().max(4000).default(''),
    /** What an approval depends on (monitoring to file, a limit on use, a date to revisit); part of the signed meaning. */
    conditions: z.string().trim().max(2000).default(''),
    password: z.string().min(1, 'Enter your password to sign.').max(1024),
    snapshotSha256: ZSha256,
  })
  .refine((s) => s.decision === 'approve' || s.comment.length > 0, { message: 'A rejection needs a comment.', path: ['comment'] })
  .refine((s) => s.decision === 'approve' || s.conditions.length === 0, { message: 'Only an approval has conditions; say why you reject in the comment.', path: ['conditions'] });

/** `status`: open (the default, the reviewers' queue), one way a request closed, or `closed` for every decided one. */
export const APPROVAL_LIST_STATUSES = ['open', 'approved', 'rejected', 'withdrawn', 'superseded', 'closed'] as const;

export type ApprovalListStatus = (typeof APPROVAL_LIST_STATUSES)[number];

export const ZApprovalQueueQuery = ZPagination.extend({
  status: z.enum(APPROVAL_LIST_STATUSES).default('open'),
  riskTier: z.enum(['prohibited', 'high', 'limited', 'minimal']).optional(),
  systemId: z.string().max(64).optional(),
  minAgeDays: z.coerce.number().int().min(0).max(3650).optional(),
});

/** `?stage=` of the live gate a pipeline asks for before it promotes or ships. */
export const ZGateQuery = z.object({ stage: z.enum(PROMOTION_TARGETS, { error: `Choose one of: ${PROMOTION_TARGETS.join(', ')}.` }) });

/** What a deployment job asks before it ships bytes: is this digest the approved version of that stage (in that system)? */
export const ZApprovedDigestQuery = z.object({
  sha256: ZSha256,
  stage: z.enum(PROMOTION_TARGETS, { error: `Choose one of: ${PROMOTION_TARGETS.join(', ')}.` }).default('production'),
  systemId: z.string().min(1).max(64).optional(),
});
