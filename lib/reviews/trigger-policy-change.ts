import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import type { Tx } from '@/db';
import { aiSystems, models, modelVersions, type PolicyRules, type RiskTier } from '@/db/schema';
import type { AuditActor } from '@/lib/auth/actor';
import { canonicalJson } from '@/lib/canonical-json';
import { addReviewTrigger } from './add-review-trigger';

/** What a production system was validated against; wording, evidence age and the like are not material. */
const MATERIAL_RULES = ['requiredEvidenceKinds', 'metricThresholds', 'stagingProductionTolerance', 'requiredApprovers', 'monitoringRules', 'reviewCadenceMonths', 'requireTrainingLineage', 'requireDocumentation'] as const;
const LABELS: Record<(typeof MATERIAL_RULES)[number], string> = {
  requiredEvidenceKinds: 'required evidence',
  metricThresholds: 'metric thresholds',
  stagingProductionTolerance: 'staging-to-production tolerance',
  requiredApprovers: 'required approvers',
  monitoringRules: 'monitoring rules',
  reviewCadenceMonths: 'review cadence',
  requireTrainingLineage: 'training data in the lineage',
  requireDocumentation: 'system documentation',
};

/** A list compared as a set (reordering is cosmetic), everything else by its canonical JSON; absent, empty and false agree. */
function comparable(value: unknown) {
  if (value === undefined || value === null || value === false) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'null' : canonicalJson(value.map((v) => canonicalJson(v)).sort());
  return canonicalJson(value);
}

export function materialChanges(before: PolicyRules, after: PolicyRules) {
  return MATERIAL_RULES.filter((key) => comparable(before[key]) !== comparable(after[key])).map((key) => LABELS[key]);
}

/**
 * A material change to a tier's production policy makes the review of every live system of that tier with a
 * production version due now: what they were approved under is no longer what the policy asks.
 */
export async function triggerReviewsForPolicyChange(tx: Tx, actor: AuditActor, change: { riskTier: RiskTier; version: number; before: PolicyRules; after: PolicyRules }) {
  const changed = materialChanges(change.before, change.after);
  if (changed.length === 0) return 0;
  const systems = await tx
    .selectDistinct({ id: aiSystems.id })
    .from(aiSystems)
    .innerJoin(models, eq(models.systemId, aiSystems.id))
    .innerJoin(modelVersions, eq(modelVersions.modelId, models.id))
    .where(and(eq(aiSystems.riskTier, change.riskTier), ne(aiSystems.lifecycleStatus, 'retired'), eq(modelVersions.stage, 'production')));
  const detail = `The ${change.riskTier}-risk production policy changed (v${change.version}): ${changed.join(', ')}`;
  for (const { id } of systems) await addReviewTrigger(tx, actor, { systemId: id, reason: 'policy_changed', detail, entityType: 'promotion_policy', entityId: `${change.riskTier}/production/v${change.version}` });
  return systems.length;
}
