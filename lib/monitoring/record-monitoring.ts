import 'server-only';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { first, only, withTransaction, type Tx } from '@/db';
import { aiSystems, deployments, models, modelVersions, monitoringBatches } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, Invalid } from '@/lib/errors';
import { assertSystemLive } from '@/lib/inventory/assert-system-live';
import { computePoint } from './compute-point';
import { insertPoints } from './insert-points';
import { mapInSteps } from '@/lib/map-in-steps';
import { judgePoints } from './judge-points';
import { raiseBreachFindings } from './raise-breach-findings';
import { readMonitoringRequest, type MonitoringRequest } from './read-request';
import type { ZMonitoringQuery } from './schemas';
import { tierMonitoringRules } from './tier-rules';

/** The version reported on (directly, or the one its deployment runs) and the system that owns it. */
async function resolveTarget(tx: Tx, request: MonitoringRequest) {
  let modelVersionId = request.modelVersionId;
  let deploymentEnvironment: string | null = null;
  if (request.deploymentId) {
    const deployment = first(await tx.select().from(deployments).where(eq(deployments.id, request.deploymentId)).limit(1));
    if (!deployment) throw new Invalid('Unknown deployment; nothing was recorded.', [{ path: 'deploymentId', message: 'No deployment with this id.' }]);
    if (!deployment.modelVersionId) throw new Conflict(`The ${deployment.environment} deployment at ${deployment.endpoint} runs bytes that match no registered model version, so its results have nothing to be judged against. Register the version (or report the deployment with its modelVersionId) first; nothing was recorded.`);
    modelVersionId = deployment.modelVersionId;
    deploymentEnvironment = deployment.environment;
  }
  const row = first(await tx
    .select({ version: modelVersions, systemId: aiSystems.id, systemOwnerId: aiSystems.ownerId, riskTier: aiSystems.riskTier })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .where(eq(modelVersions.id, modelVersionId!)).limit(1));
  if (!row) throw new Invalid('Unknown model version; nothing was recorded.', [{ path: 'modelVersionId', message: 'No model version with this id.' }]);
  return { ...row, deploymentEnvironment };
}

/** Production rules judge production traffic only: a production deployment's results, or a production version's. */
function whyNotJudged(target: Awaited<ReturnType<typeof resolveTarget>>): string | null {
  if (target.deploymentEnvironment === 'production') return null;
  if (target.deploymentEnvironment === 'staging') return 'The results come from a staging deployment; the monitoring rules of the production policy judge production deployments only. They are stored and charted.';
  if (target.version.stage === 'production') return null;
  return `Version ${target.version.version} is in ${target.version.stage}, not production; the monitoring rules of the production policy judge production versions only. The results are stored and charted.`;
}

/**
 * Records one batch of monitoring results (JSON form or an Evidently snapshot) for a deployment or model version
 * owned by the caller: the batch, its points with the server's own PSI and JS where histograms came, one audit
 * event, and a finding per breached rule of the tier's production policy, all in one transaction.
 */
export async function recordMonitoring(actor: Actor, body: unknown, query: z.output<typeof ZMonitoringQuery>, now = new Date()) {
  assertCan(actor, 'monitoring.report');
  const request = await readMonitoringRequest(body, query, now);
  const bodySha256 = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  const points = await mapInSteps(request.points, (p) => 10 + (p.histograms ? 4 * p.histograms.reference.length : 0), (p) => computePoint(p, request.window.end));
  return await withTransaction(async (tx) => {
    const target = await resolveTarget(tx, request);
    assertCan(actor, 'monitoring.report', { ownerIds: [target.systemOwnerId] });
    await assertSystemLive(tx, target.systemId, 'Monitoring results cannot be recorded');
    const at = now.toISOString();
    const batch = only(await tx
      .insert(monitoringBatches)
      .values({ modelVersionId: target.version.id, deploymentId: request.deploymentId, windowStart: request.window.start, windowEnd: request.window.end, source: request.source, producer: request.producer, pointCount: points.length, bodySha256, createdById: actor.userId, receivedAt: at })
      .returning({ id: monitoringBatches.id }));
    await insertPoints(tx, batch.id, target.version.id, points);
    const notJudged = whyNotJudged(target);
    const breaches = notJudged ? [] : judgePoints(points, await tierMonitoringRules(tx, target.riskTier), now);
    const raised = await raiseBreachFindings(tx, actor, { modelVersionId: target.version.id, window: request.window, producer: request.producer, batchId: batch.id, breaches }, now);
    const summary = { id: batch.id, modelVersionId: target.version.id, deploymentId: request.deploymentId, window: request.window, source: request.source, producer: request.producer, pointCount: points.length, computedCount: points.filter((p) => p.computedPsi !== null).length, tests: request.tests, judged: notJudged === null, notJudged };
    await recordAudit(tx, actor, { action: 'monitoring.reported', entityType: 'monitoring_batch', entityId: batch.id, after: { ...summary, bodySha256, breaches: raised.slice(0, 50).map((b) => ({ metric: b.metric, feature: b.feature, severity: b.severity, finding: b.findingRef, outcome: b.outcome })) } });
    return { ...summary, receivedAt: at, breaches: raised };
  });
}
