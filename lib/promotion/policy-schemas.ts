import { z } from 'zod';
import { sentence } from '@/lib/http/text-fields';
import { COMPARATORS, EVIDENCE_KINDS, PROMOTION_TARGETS, RISK_TIERS } from '@/db/schema/vocabulary';
import { ZMonitoringRule } from '@/lib/monitoring/schemas';

export const SIGNING_ROLES = ['risk_officer', 'security_reviewer'] as const;

const ZDays = z.number().int().min(1).max(3650);

export const ZPolicyRules = z.object({
  requiredEvidenceKinds: z.array(z.enum(EVIDENCE_KINDS)).max(EVIDENCE_KINDS.length),
  metricThresholds: z
    .array(z.object({ kind: z.enum(EVIDENCE_KINDS), metric: z.string().trim().min(1).max(100), comparator: z.enum(COMPARATORS), threshold: z.number().finite(), computedOnly: z.boolean().optional() }))
    .max(50),
  maxEvidenceAgeDays: z.number().int().min(1).max(3650).nullable(),
  requiredApprovers: z
    .array(z.object({ role: z.enum(SIGNING_ROLES), count: z.number().int().min(1).max(5) }))
    .min(1, 'At least one approver is required.')
    .refine((list) => new Set(list.map((a) => a.role)).size === list.length, 'List each role once.'),
  stagingProductionTolerance: z.number().min(0).max(1).nullable(),
  allowExpeditedRollback: z.boolean(),
  /** Whether a version whose bytes were never scanned may pass; absent means it may not. */
  allowUnscanned: z.boolean().optional(),
  /** Production only: what counts as a monitoring breach (see lib/monitoring/judge-points.ts); absent means none. */
  monitoringRules: z.array(ZMonitoringRule).max(100).optional(),
  /** Days a finding of each severity has; absent means FINDING_DEADLINE_DEFAULTS. */
  findingDeadlineDays: z.object({ critical: ZDays, high: ZDays, medium: ZDays, low: ZDays }).optional(),
  /** Months between periodic reviews; absent means REVIEW_CADENCE_DEFAULTS. */
  reviewCadenceMonths: z.number().int().min(1).max(120).optional(),
  /** Days to sign a review once something triggers it (default 30). */
  triggeredReviewDays: z.number().int().min(1).max(365).optional(),
  /** When present, the version's latest model signature must verify now and be by one of these identities (key identity names or certificate identities). */
  requiredSignerIdentities: z.array(z.string().trim().min(1).max(200)).min(1).max(20).optional(),
  /** When true, a dataset version must be upstream of the version in its lineage (the data it was trained on). */
  requireTrainingLineage: z.boolean().optional(),
  requireDocumentation: z.boolean().optional(),
  /** Production only: the version must come from staging and have been there this many days (0: come from staging). */
  minDaysInStaging: z.number().int().min(0).max(365).optional(),
});
export type PolicyRulesInput = z.output<typeof ZPolicyRules>;

export const ZUpdatePolicyInput = z.object({
  riskTier: z.enum(RISK_TIERS.filter((t) => t !== 'prohibited') as ['high', 'limited', 'minimal']),
  targetStage: z.enum(PROMOTION_TARGETS),
  /** Why the gate changes: kept with the version, in the audit trail and in the policy history. */
  reason: sentence(10, 2000, 'Say why the policy changes, in at least 10 characters.', 'Say why the policy changes.'),
  rules: ZPolicyRules,
}).refine((policy) => policy.targetStage === 'production' || policy.rules.minDaysInStaging === undefined, {
  message: 'Only a production policy can ask for time in staging.',
  path: ['rules', 'minDaysInStaging'],
});

export const ZDecidePolicyProposalInput = z
  .object({
    proposalId: z.string().min(1).max(64),
    decision: z.enum(['approve', 'reject'], { error: 'Choose Approve or Reject.' }),
    comment: z.string().trim().max(4000).default(''),
    password: z.string().min(1, 'Enter your password to decide.').max(1024),
  })
  .refine((d) => d.decision === 'approve' || d.comment.length > 0, { message: 'A rejection needs a comment.', path: ['comment'] });
