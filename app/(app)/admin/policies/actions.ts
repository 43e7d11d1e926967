'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runFormAction } from '@/lib/http/form-action';
import { SIGNING_ROLES, ZPolicyRules, ZUpdatePolicyInput } from '@/lib/promotion/policy-schemas';
import { updatePolicy } from '@/lib/promotion/update-policy';

/** The form sends approver counts per role and threshold rows; the policy wants lists. */
const ZPolicyForm = z
  .object({
    riskTier: ZUpdatePolicyInput.shape.riskTier,
    targetStage: ZUpdatePolicyInput.shape.targetStage,
    requiredEvidenceKinds: ZPolicyRules.shape.requiredEvidenceKinds,
    approvers: z.record(z.enum(SIGNING_ROLES), z.number().int().min(0).max(5).nullable()),
    metricThresholds: z.array(z.object({ kind: z.string(), metric: z.string(), comparator: z.string().nullable(), threshold: z.number().nullable() })).default([]),
    maxEvidenceAgeDays: ZPolicyRules.shape.maxEvidenceAgeDays,
    stagingProductionTolerance: ZPolicyRules.shape.stagingProductionTolerance,
    allowExpeditedRollback: z.boolean(),
    allowUnscanned: z.boolean().optional(),
  })
  .transform(({ riskTier, targetStage, approvers, metricThresholds, ...rules }) => ({
    riskTier,
    targetStage,
    rules: {
      ...rules,
      requiredApprovers: Object.entries(approvers).flatMap(([role, count]) => (count ? [{ role, count }] : [])),
      metricThresholds: metricThresholds.filter((t) => t.metric.trim() !== ''),
    },
  }))
  .pipe(ZUpdatePolicyInput);

export async function updatePolicyAction(input: unknown) {
  return runFormAction(ZPolicyForm, input, (actor, data) => {
    const policy = updatePolicy(actor, data);
    revalidatePath('/admin/policies');
    return { version: policy.version };
  });
}
