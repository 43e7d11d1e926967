import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { first, only, returnedRow, withTransaction, type Tx } from '@/db';
import { deployments, modelVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { Forbidden, Invalid } from '@/lib/errors';
import { findingRef } from '@/lib/findings/raise-finding';
import { raiseDigestMismatchFinding } from '@/lib/integrity/raise-mismatch-finding';
import { recordIntegrityCheck } from '@/lib/integrity/record-check';
import { addEdges } from './edges';
import { modelOwnerIds } from '@/lib/inventory/model-owners';
import { assertMayWriteModelVersions, modelVersionOwners } from './model-version-writers';
import { nodeKey } from './node-key';
import type { ZReportDeploymentInput } from './schemas';

type Input = z.output<typeof ZReportDeploymentInput>;

/** The named version, or the newest the caller owns among those registered with the reported digest. */
async function resolveVersion(tx: Tx, actor: Actor, input: Input) {
  if (input.modelVersionId) {
    const version = first(await tx.select().from(modelVersions).where(eq(modelVersions.id, input.modelVersionId)).limit(1));
    if (!version) throw new Invalid('Unknown model version.', [{ path: 'modelVersionId', message: 'No model version with this id.' }]);
    await assertMayWriteModelVersions(actor, 'deployment.report', [version.id], 'This deployment report');
    return version;
  }
  const candidates = await tx.select().from(modelVersions).where(eq(modelVersions.artifactSha256, input.reportedSha256)).orderBy(desc(modelVersions.createdAt));
  if (candidates.length === 0) return null;
  const owners = await modelVersionOwners(candidates.map((v) => v.id));
  const mine = candidates.find((v) => owners.has(v.id) && can(actor, 'deployment.report', { ownerIds: modelOwnerIds(owners.get(v.id)!) }));
  if (!mine) throw new Forbidden('The reported digest is registered to model versions only their owners may report deployments of. Nothing was recorded.');
  return mine;
}

/**
 * Reporting at an endpoint replaces what it runs and resolves or raises its integrity flags: its reporter (who last
 * changed what it runs, or whom a risk officer named), or a co-owner of the version it runs while the reporter owns
 * it too. Once a risk officer has named someone who does not own the running version, its owners are out as well:
 * otherwise whoever squatted with their own version could take the endpoint straight back.
 */
async function assertMayReplace(actor: Actor, existing: typeof deployments.$inferSelect) {
  if (existing.reporterId && can(actor, 'deployment.report', { ownerIds: [existing.reporterId] })) return;
  const refusal = new Forbidden(`The ${existing.environment} deployment at ${existing.endpoint} is reported by someone else; only they may change it or its integrity flags, unless a risk officer hands the endpoint over. Nothing was recorded.`);
  if (!existing.modelVersionId) throw refusal;
  const owners = (await modelVersionOwners([existing.modelVersionId])).get(existing.modelVersionId);
  const ownerIds = owners ? modelOwnerIds(owners) : [];
  if (existing.reporterId && !ownerIds.includes(existing.reporterId)) throw refusal;
  if (!can(actor, 'deployment.report', { ownerIds })) throw refusal;
}

function integrityOf(input: Input, version: Awaited<ReturnType<typeof resolveVersion>>) {
  if (!version) {
    return { kind: 'untracked_model' as const, ok: false, expected: null, message: `The ${input.environment} service at ${input.endpoint} runs a model whose digest matches no registered version.` };
  }
  if (version.artifactSha256 !== input.reportedSha256) {
    return { kind: 'digest_mismatch' as const, ok: false, expected: version.artifactSha256, message: `The service reports a digest different from version ${version.version}'s.` };
  }
  return { kind: 'digest_match' as const, ok: true, expected: version.artifactSha256, message: 'The running bytes are the registered bytes.' };
}

/**
 * A running service reports which bytes it serves. Idempotent on environment + endpoint: an unchanged report
 * changes nothing; a changed one is stored, compared with the registered digest, flagged when it differs, audited.
 */
export async function reportDeployment(actor: Actor, input: Input) {
  assertCan(actor, 'deployment.report');
  return await withTransaction(async (tx) => {
    const version = await resolveVersion(tx, actor, input);
    const existing = first(await tx.select().from(deployments).where(and(eq(deployments.environment, input.environment), eq(deployments.endpoint, input.endpoint))).limit(1));
    if (existing && existing.reportedSha256 === input.reportedSha256 && existing.modelVersionId === (version?.id ?? null)) {
      return { deployment: existing, created: false };
    }
    if (existing) await assertMayReplace(actor, existing);
    // Whoever changes what runs at the endpoint reports there from now on.
    const values = { modelVersionId: version?.id ?? null, environment: input.environment, endpoint: input.endpoint, reportedSha256: input.reportedSha256, reportedAt: new Date().toISOString(), reporterId: actor.userId };
    const deployment = existing
      ? returnedRow(await tx.update(deployments).set(values).where(eq(deployments.id, existing.id)).returning())
      : only(await tx.insert(deployments).values({ ...values, createdById: actor.userId }).returning());
    if (version) await addEdges(tx, [{ fromNode: nodeKey('model_version', version.id), toNode: nodeKey('deployment', deployment.id), relation: 'deployed_as' }]);
    const integrity = integrityOf(input, version);
    const check = await recordIntegrityCheck(tx, {
      subjectType: 'deployment',
      subjectId: deployment.id,
      kind: integrity.kind,
      ok: integrity.ok,
      expectedSha256: integrity.expected,
      actualSha256: input.reportedSha256,
      message: integrity.message,
      checkedById: actor.userId,
    });
    await recordAudit(tx, actor, {
      action: 'deployment.reported',
      entityType: 'deployment',
      entityId: deployment.id,
      before: existing ? { modelVersionId: existing.modelVersionId, reportedSha256: existing.reportedSha256, reporterId: existing.reporterId } : undefined,
      after: { ...values, integrity: { kind: check.kind, ok: check.ok } },
    });
    // Other bytes than the version's: a finding its owner must work, raised (or counted again) in this transaction.
    const raised = integrity.kind === 'digest_mismatch' && version ? await raiseDigestMismatchFinding(tx, actor, deployment, version) : null;
    return { deployment, created: !existing, integrity: check, finding: raised ? { id: raised.finding.id, ref: findingRef(raised.finding.number), severity: raised.finding.severity, outcome: raised.created ? ('created' as const) : ('recurred' as const) } : null };
  });
}
