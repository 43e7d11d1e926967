import { z } from 'zod';
import { COMPARATORS, EVIDENCE_KINDS, PROMOTION_TARGETS, RISK_TIERS } from '@/db/schema';

export const SIGNING_ROLES = ['risk_officer', 'security_reviewer'] as const;

export const ZPolicyRules = z.object({
  requiredEvidenceKinds: z.array(z.enum(EVIDENCE_KINDS)).max(EVIDENCE_KINDS.length),
  metricThresholds: z
    .array(z.object({ kind: z.enum(EVIDENCE_KINDS), metric: z.string().trim().min(1).max(100), comparator: z.enum(COMPARATORS), threshold: z.number().finite() }))
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
});
export type PolicyRulesInput = z.output<typeof ZPolicyRules>;

export const ZUpdatePolicyInput = z.object({
  riskTier: z.enum(RISK_TIERS.filter((t) => t !== 'prohibited') as ['high', 'limited', 'minimal']),
  targetStage: z.enum(PROMOTION_TARGETS),
  rules: ZPolicyRules,
});
