import { z } from 'zod';
import { REVIEW_OUTCOMES, RISK_TIERS } from '@/db/schema';
import { isBlank } from '@/lib/http/well-formed';
import { ZPagination, ZSha256 } from '@/lib/inventory/schemas';

/** Outcomes that must say what they bind the system to: the conditions of a continuation, the scope of a restriction. */
export const OUTCOMES_NEEDING_CONDITIONS = ['continue_with_conditions', 'restrict'] as const;

export const ZSignReviewInput = z
  .object({
    systemId: z.string().min(1).max(64),
    outcome: z.enum(REVIEW_OUTCOMES, { error: 'Choose the outcome of the review.' }),
    conditions: z.string().trim().max(4000, 'At most 4000 characters.').default(''),
    password: z.string().min(1, 'Enter your password to sign.').max(1024),
    snapshotSha256: ZSha256,
  })
  .refine((r) => !(OUTCOMES_NEEDING_CONDITIONS as readonly string[]).includes(r.outcome) || !isBlank(r.conditions), {
    message: 'Say the conditions or restrictions this outcome sets.',
    path: ['conditions'],
  });

/** The states a system's review can be in; `signed` lists the signed reviews themselves. */
export const REVIEW_LIST_STATUSES = ['attention', 'overdue', 'due_now', 'upcoming', 'signed'] as const;

export const ZListReviewsQuery = ZPagination.extend({
  status: z.enum(REVIEW_LIST_STATUSES).optional(),
  riskTier: z.enum(RISK_TIERS).optional(),
  systemId: z.string().max(64).optional(),
});
export type ListReviewsQuery = z.output<typeof ZListReviewsQuery>;
