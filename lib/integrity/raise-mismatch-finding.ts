import 'server-only';
import type { Tx } from '@/db';
import type { deployments, modelVersions } from '@/db/schema';
import type { AuditActor } from '@/lib/auth/actor';
import { raiseFindingInTx } from '@/lib/findings/raise-finding';
import { formatDateTime } from '@/lib/format/date-time';
import { humanize } from '@/lib/words';

type Deployment = Pick<typeof deployments.$inferSelect, 'id' | 'environment' | 'endpoint' | 'reportedSha256' | 'reportedAt'>;
type Version = Pick<typeof modelVersions.$inferSelect, 'id' | 'version' | 'artifactSha256'>;

/**
 * One finding per deployment and version however often it reports other bytes: each repeat counts an occurrence
 * there; another version at the same endpoint is another finding, on that version, for its owner.
 */
export const mismatchDedupeKey = (deploymentId: string, versionId: string) => `integrity:${deploymentId}:${versionId}`;

/**
 * A service that runs other bytes than its version's is an incident with an owner and a due date, not only a red
 * flag: critical in production, high in staging, on the version (so its system's owner is told and its gate blocks).
 */
export async function raiseDigestMismatchFinding(tx: Tx, actor: AuditActor, deployment: Deployment, version: Version, now = new Date()) {
  return await raiseFindingInTx(tx, actor, {
    type: 'incident',
    severity: deployment.environment === 'production' ? 'critical' : 'high',
    title: `${humanize(deployment.environment)} at ${deployment.endpoint} runs other bytes than version ${version.version}`,
    description:
      `The ${deployment.environment} deployment at ${deployment.endpoint} reported SHA-256 ${deployment.reportedSha256} on ${formatDateTime(deployment.reportedAt)}; ` +
      `version ${version.version} is registered with SHA-256 ${version.artifactSha256}. What runs there is not what was registered and approved.`,
    remediationPlan: 'Find out what runs at the endpoint and why; redeploy the registered bytes (the flag resolves when the service reports them), or register what runs as a new version and take it through promotion.',
    subjectType: 'model_version',
    subjectId: version.id,
    source: 'integrity',
    dedupeKey: mismatchDedupeKey(deployment.id, version.id),
  }, now);
}
