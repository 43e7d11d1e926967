import 'server-only';
import type { z } from 'zod';
import { and, asc, desc, eq, exists, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { aiSystems, models, modelVersions, promotionRequests, signatures } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import type { ZApprovedDigestQuery } from './schemas';

/** More versions sharing one digest than anyone ships; the answer lists the approved ones and the newest of the rest. */
const MAX_VERSIONS = 20;

export type DigestVerdict = 'approved' | 'unknown_digest' | 'other_system' | 'other_stage' | 'not_approved' | 'retired_system';

const versionColumns = { id: modelVersions.id, version: modelVersions.version, stage: modelVersions.stage, stageChangedAt: modelVersions.stageChangedAt, modelId: models.id, modelName: models.name, systemId: aiSystems.id, systemName: aiSystems.name, systemStatus: aiSystems.lifecycleStatus };

/**
 * The versions carrying the digest, each with the approved request (and its signers) that brought it into the stage.
 * The approved ones are looked up first, uncapped: anyone may register decoys with a shipped digest, and newer
 * decoys must not push the approved version out of the capped list the verdict reads.
 */
async function versionsWithDigest(query: z.output<typeof ZApprovedDigestQuery>) {
  const db = getDb();
  const withDigest = () => db.select(versionColumns).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).innerJoin(aiSystems, eq(aiSystems.id, models.systemId));
  const approvedInStage = await withDigest()
    .where(and(eq(modelVersions.artifactSha256, query.sha256), eq(modelVersions.stage, query.stage), exists(db.select({ one: sql`1` }).from(promotionRequests).where(and(eq(promotionRequests.modelVersionId, modelVersions.id), eq(promotionRequests.targetStage, query.stage), eq(promotionRequests.status, 'approved'))))))
    .orderBy(desc(modelVersions.stageChangedAt), asc(modelVersions.id));
  const newest = await withDigest().where(eq(modelVersions.artifactSha256, query.sha256)).orderBy(desc(modelVersions.createdAt), asc(modelVersions.id)).limit(MAX_VERSIONS);
  const found = [...approvedInStage, ...newest.filter((v) => !approvedInStage.some((a) => a.id === v.id))];
  const inStage = approvedInStage.map((v) => v.id);
  const approvals = inStage.length
    ? await db
        .select({ id: promotionRequests.id, modelVersionId: promotionRequests.modelVersionId, closedAt: promotionRequests.closedAt })
        .from(promotionRequests)
        .where(and(inArray(promotionRequests.modelVersionId, inStage), eq(promotionRequests.targetStage, query.stage), eq(promotionRequests.status, 'approved')))
        .orderBy(desc(promotionRequests.closedAt))
    : [];
  const signers = approvals.length
    ? await db.select({ requestId: signatures.requestId, printedName: signatures.printedName, role: signatures.role, signedAt: signatures.signedAt }).from(signatures).where(inArray(signatures.requestId, approvals.map((a) => a.id))).orderBy(asc(signatures.signedAt))
    : [];
  return found.map((v) => {
    const request = approvals.find((a) => a.modelVersionId === v.id);
    const approval = request ? { requestId: request.id, closedAt: request.closedAt, signatures: signers.filter((s) => s.requestId === request.id).map(({ requestId: _, ...s }) => s) } : null;
    return { ...v, approval };
  });
}

/**
 * Whether bytes may ship: a version with this digest sits in the stage, reached through an approved promotion request
 * for that stage, in a system still in service (and the system asked for, if any). Anything else says what it is instead.
 */
export async function approvedDigest(actor: Actor, query: z.output<typeof ZApprovedDigestQuery>) {
  assertCan(actor, 'inventory.read');
  const versions = await versionsWithDigest(query);
  const judged = approvedVersion(query, versions) ?? refusal(query, versions);
  return { sha256: query.sha256, stage: query.stage, systemId: query.systemId ?? null, approved: judged.verdict === 'approved', verdict: judged.verdict, message: messageOf(judged, query), approvedVersionId: judged.verdict === 'approved' ? judged.subject!.id : null, versions };
}

type Found = Awaited<ReturnType<typeof versionsWithDigest>>[number];
type Judged = { verdict: DigestVerdict; subject: Found | undefined };

const inScope = (query: z.output<typeof ZApprovedDigestQuery>, v: Found) => !query.systemId || v.systemId === query.systemId;

function approvedVersion(query: z.output<typeof ZApprovedDigestQuery>, versions: Found[]): Judged | null {
  const subject = versions.find((v) => v.approval && v.systemStatus !== 'retired' && inScope(query, v));
  return subject ? { verdict: 'approved', subject } : null;
}

/** Why not, about the version closest to shipping: in scope and stage first. */
function refusal(query: z.output<typeof ZApprovedDigestQuery>, versions: Found[]): Judged {
  if (versions.length === 0) return { verdict: 'unknown_digest', subject: undefined };
  const scoped = versions.filter((v) => inScope(query, v));
  if (scoped.length === 0) return { verdict: 'other_system', subject: versions[0] };
  // Retirement archives a system's versions in staging and production: those bytes are named as a retired system's.
  const retired = scoped.find((v) => v.systemStatus === 'retired' && (v.stage === query.stage || v.stage === 'archived'));
  if (retired) return { verdict: 'retired_system', subject: retired };
  const staged = scoped.filter((v) => v.stage === query.stage);
  if (staged.length === 0) return { verdict: 'other_stage', subject: scoped[0] };
  return { verdict: 'not_approved', subject: staged[0] };
}

function messageOf({ verdict, subject }: Judged, query: z.output<typeof ZApprovedDigestQuery>): string {
  const label = subject ? `${subject.modelName} ${subject.version} (system ${subject.systemName})` : '';
  switch (verdict) {
    case 'approved':
      return `${label} is in ${query.stage}, approved through request ${subject!.approval!.requestId}.`;
    case 'unknown_digest':
      return 'No model version has this digest: these bytes were never registered.';
    case 'other_system':
      return `Not registered in system ${query.systemId}; it is ${label}.`;
    case 'other_stage':
      return `Not in ${query.stage}: ${label} is in ${subject!.stage}.`;
    case 'retired_system':
      return `${label} belongs to a retired system (now ${subject!.stage}): nothing of a retired system is approved to run.`;
    case 'not_approved':
      return `${label} is in ${query.stage}, but no approved request for ${query.stage} brought it there.`;
  }
}
