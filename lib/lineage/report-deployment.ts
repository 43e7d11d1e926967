import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb, type Tx } from '@/db';
import { deployments, modelVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Invalid } from '@/lib/errors';
import { recordIntegrityCheck } from '@/lib/integrity/record-check';
import { addEdges } from './edges';
import { nodeKey } from './node-key';
import type { ZReportDeploymentInput } from './schemas';

type Input = z.output<typeof ZReportDeploymentInput>;

function resolveVersion(tx: Tx, input: Input) {
  if (input.modelVersionId) {
    const version = tx.select().from(modelVersions).where(eq(modelVersions.id, input.modelVersionId)).get();
    if (!version) throw new Invalid('Unknown model version.', [{ path: 'modelVersionId', message: 'No model version with this id.' }]);
    return version;
  }
  return tx.select().from(modelVersions).where(eq(modelVersions.artifactSha256, input.reportedSha256)).orderBy(desc(modelVersions.createdAt)).limit(1).get() ?? null;
}

function integrityOf(input: Input, version: ReturnType<typeof resolveVersion>) {
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
export function reportDeployment(actor: Actor, input: Input) {
  assertCan(actor, 'deployment.report');
  return getDb().transaction(
    (tx) => {
      const version = resolveVersion(tx, input);
      const existing = tx.select().from(deployments).where(and(eq(deployments.environment, input.environment), eq(deployments.endpoint, input.endpoint))).get();
      if (existing && existing.reportedSha256 === input.reportedSha256 && existing.modelVersionId === (version?.id ?? null)) {
        return { deployment: existing, created: false };
      }
      const values = { modelVersionId: version?.id ?? null, environment: input.environment, endpoint: input.endpoint, reportedSha256: input.reportedSha256, reportedAt: new Date().toISOString() };
      const deployment = existing
        ? tx.update(deployments).set(values).where(eq(deployments.id, existing.id)).returning().get()
        : tx.insert(deployments).values({ ...values, createdById: actor.userId }).returning().get();
      if (version) addEdges(tx, [{ fromNode: nodeKey('model_version', version.id), toNode: nodeKey('deployment', deployment.id), relation: 'deployed_as' }]);
      const integrity = integrityOf(input, version);
      const check = recordIntegrityCheck(tx, {
        subjectType: 'deployment',
        subjectId: deployment.id,
        kind: integrity.kind,
        ok: integrity.ok,
        expectedSha256: integrity.expected,
        actualSha256: input.reportedSha256,
        message: integrity.message,
        checkedById: actor.userId,
      });
      recordAudit(tx, actor, {
        action: 'deployment.reported',
        entityType: 'deployment',
        entityId: deployment.id,
        before: existing ? { modelVersionId: existing.modelVersionId, reportedSha256: existing.reportedSha256 } : undefined,
        after: { ...values, integrity: { kind: check.kind, ok: check.ok } },
      });
      return { deployment, created: !existing, integrity: check };
    },
    { behavior: 'immediate' },
  );
}
