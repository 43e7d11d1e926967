'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { SEVERITIES } from '@/db/schema';
import { FINDING_DEADLINE_DEFAULTS } from '@/lib/findings/deadlines';
import { runFormAction, ZBoundId } from '@/lib/http/form-action';
import { ZMonitoringRule } from '@/lib/monitoring/schemas';
import { decidePolicyProposal, proposePolicyChange, withdrawPolicyProposal } from '@/lib/promotion/policy-proposals';
import { SIGNING_ROLES, ZDecidePolicyProposalInput, ZPolicyRules, ZUpdatePolicyInput } from '@/lib/promotion/policy-schemas';

const ZDaysField = z.number().int().min(1).max(3650).nullable();

/** Empty deadline fields keep the defaults; all empty means the policy sets none. */
function deadlines(days: Record<(typeof SEVERITIES)[number], number | null> | undefined) {
  if (!days || SEVERITIES.every((s) => days[s] === null)) return {};
  return { findingDeadlineDays: Object.fromEntries(SEVERITIES.map((s) => [s, days[s] ?? FINDING_DEADLINE_DEFAULTS[s]])) };
}

/** One signer identity a line; none means the policy asks for no model signature. */
function signers(text: string | undefined) {
  const list = (text ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  return list.length ? { requiredSignerIdentities: list } : {};
}

/** The form sends approver counts per role and threshold rows; the policy wants lists. */
const ZPolicyForm = z
  .object({
    riskTier: ZUpdatePolicyInput.shape.riskTier,
    targetStage: ZUpdatePolicyInput.shape.targetStage,
    reason: ZUpdatePolicyInput.shape.reason,
    requiredEvidenceKinds: ZPolicyRules.shape.requiredEvidenceKinds,
    approvers: z.record(z.enum(SIGNING_ROLES), z.number().int().min(0).max(5).nullable()),
    metricThresholds: z.array(z.object({ kind: z.string(), metric: z.string(), comparator: z.string().nullable(), threshold: z.number().nullable(), computedOnly: z.boolean().optional() })).default([]),
    maxEvidenceAgeDays: ZPolicyRules.shape.maxEvidenceAgeDays,
    stagingProductionTolerance: ZPolicyRules.shape.stagingProductionTolerance,
    allowExpeditedRollback: z.boolean(),
    allowUnscanned: z.boolean().optional(),
    monitoringRules: z.array(ZMonitoringRule.transform(({ source, ...rule }) => (source ? { ...rule, source } : rule))).max(100).optional(),
    findingDeadlineDays: z.object({ critical: ZDaysField, high: ZDaysField, medium: ZDaysField, low: ZDaysField }).optional(),
    reviewCadenceMonths: z.number().int().min(1).max(120).nullable().optional(),
    triggeredReviewDays: z.number().int().min(1).max(365).nullable().optional(),
    requiredSignerIdentities: z.string().max(5000).optional(),
    requireTrainingLineage: z.boolean().optional(),
    requireDocumentation: z.boolean().optional(),
    minDaysInStaging: ZPolicyRules.shape.minDaysInStaging.unwrap().nullable().optional(),
  })
  .transform(({ riskTier, targetStage, reason, approvers, metricThresholds, findingDeadlineDays, reviewCadenceMonths, triggeredReviewDays, requiredSignerIdentities, requireTrainingLineage, requireDocumentation, minDaysInStaging, ...rules }) => ({
    riskTier,
    targetStage,
    reason,
    rules: {
      ...rules,
      ...deadlines(findingDeadlineDays),
      ...(reviewCadenceMonths ? { reviewCadenceMonths } : {}),
      ...(triggeredReviewDays ? { triggeredReviewDays } : {}),
      ...signers(requiredSignerIdentities),
      // Unticked and empty leave the rules out: saving an unchanged policy changes none of them.
      ...(requireTrainingLineage ? { requireTrainingLineage: requireTrainingLineage as boolean } : {}),
      ...(requireDocumentation ? { requireDocumentation: requireDocumentation as boolean } : {}),
      ...(typeof minDaysInStaging === 'number' ? { minDaysInStaging } : {}),
      requiredApprovers: Object.entries(approvers).flatMap(([role, count]) => (count ? [{ role, count }] : [])),
      // An unticked computed-only box leaves the flag out, so saving an unchanged policy changes none of its thresholds.
      metricThresholds: metricThresholds.filter((t) => t.metric.trim() !== '').map(({ computedOnly, ...t }) => (computedOnly ? { ...t, computedOnly } : t)),
    },
  }))
  .pipe(ZUpdatePolicyInput);

/** An administrator's edit proposes a change; it is in force once a risk officer approves it. */
export async function proposePolicyAction(input: unknown) {
  return runFormAction(ZPolicyForm, input, async (actor, data) => {
    const proposal = await proposePolicyChange(actor, data);
    revalidatePath('/admin/policies');
    return { proposalId: proposal.id };
  });
}

export async function withdrawPolicyProposalAction(proposalId: string) {
  return runFormAction(z.object({}), {}, async (actor) => {
    await withdrawPolicyProposal(actor, ZBoundId.parse(proposalId));
    revalidatePath('/admin/policies');
    return { withdrawn: true };
  });
}

export async function decidePolicyProposalAction(input: unknown) {
  return runFormAction(ZDecidePolicyProposalInput, input, async (actor, data) => {
    const outcome = await decidePolicyProposal(actor, data);
    revalidatePath('/admin/policies');
    return outcome;
  });
}
