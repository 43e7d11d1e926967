import 'server-only';
import type { PromotionTarget } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { realNow } from './demo-clock';
import { DEMO_PASSWORD } from './demo-data';

const DAY = 86_400_000;

/** A claimed time (when an evaluation ran), placed from the real now: the scenes around it are replayed in the past. */
export const daysAgo = (days: number) => new Date(realNow() - days * DAY).toISOString();

export type Version = { id: string; artifactSha256: string };
type Metric = { name: string; value: number; threshold: number; comparator: 'gte' | 'lte' | 'eq' };
export type Evaluation = { kind: string; environment: 'staging' | 'production'; producer: string; summary: string; metrics: Metric[]; performedAt: string };

/** Evaluations in the order given, the first run `ageDays` ago and each next one a day later. */
export const ranFrom = (ageDays: number, evaluations: Omit<Evaluation, 'performedAt'>[]): Evaluation[] => evaluations.map((e, i) => ({ ...e, performedAt: daysAgo(ageDays - i) }));

/** What a staging gate of the high tier asks for: offline performance and robustness. */
export const isStagingEvidence = (e: Evaluation) => e.environment === 'staging' && (e.kind === 'performance' || e.kind === 'robustness');

export async function recordEvidence(actor: Actor, version: Version, evidence: Evaluation[]) {
  for (const e of evidence) await recordEvaluation(actor, ZRecordEvaluationInput.parse({ ...e, modelVersionId: version.id, artifactSha256: version.artifactSha256 }));
}

/**
 * A promotion requested by the version's owner and approved by each signer in their one role, through the real
 * verbs: the gate must pass, and each signature is bound to the snapshot and given with the password. Returns the request.
 */
export async function promote(owner: Actor, signers: Actor[], version: Version, targetStage: PromotionTarget, justification: string) {
  const request = await requestPromotion(owner, { modelVersionId: version.id, targetStage, justification });
  for (const signer of signers) {
    await signRequest(signer, ZSignRequestInput.parse({ requestId: request.id, role: signer.roles[0], decision: 'approve', comment: '', password: DEMO_PASSWORD, snapshotSha256: request.snapshotSha256 }));
  }
  return request;
}
