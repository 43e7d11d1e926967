import 'server-only';
import type { PromotionTarget } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { realNow, type Scene } from './demo-clock';
import { DEMO_PASSWORD } from './demo-data';
import { signInForScene } from './demo-sign-in';

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

async function recordEvidence(actor: Actor, version: Version, evidence: Evaluation[]) {
  for (const e of evidence) await recordEvaluation(actor, ZRecordEvaluationInput.parse({ ...e, modelVersionId: version.id, artifactSha256: version.artifactSha256 }));
}

const MINUTE = 60_000;
/** The evidence arrives the day before the request; the signers read the frozen snapshot and sign hours after it. */
const EVIDENCE_BEFORE = DAY - 47 * MINUTE;
const SIGNED_AFTER = [3 * 60 * MINUTE + 17 * MINUTE, 5 * 60 * MINUTE + 41 * MINUTE];

/** What each signer says they checked, by role and target. */
function signerComment(role: string, target: PromotionTarget) {
  if (role === 'security_reviewer') return 'Artifact scanned on upload, red-team review without critical findings, no open integrity flag.';
  return target === 'staging'
    ? 'Offline validation meets the staging policy; production figures are to come from live traffic.'
    : 'Validation evidence read against the policy, each record bound to the registered digest; limitations noted in the card.';
}

export type Promotion = {
  owner: Actor;
  /** Who signs, in order, each in their one role; none leaves the request open. */
  signers: Actor[];
  version: Version;
  target: PromotionTarget;
  justification: string;
  evidence: Evaluation[];
  /** When the request is made. */
  at: number;
  /** What the risk officer's approval depends on, when it depends on something. */
  conditions?: string;
};

/**
 * A promotion as people make it, in scenes through the real verbs: the owner records the evidence, asks the next day,
 * and each signer approves hours later with the password, bound to the snapshot the request froze (the gate must pass).
 */
export function promotionScenes({ owner, signers, version, target, justification, evidence, at, conditions = '' }: Promotion): Scene[] {
  let request: Awaited<ReturnType<typeof requestPromotion>> | undefined;
  return [
    { at: at - EVIDENCE_BEFORE, run: async () => await recordEvidence(owner, version, evidence) },
    {
      at,
      run: async () => {
        await signInForScene(owner);
        request = await requestPromotion(owner, { modelVersionId: version.id, targetStage: target, justification });
      },
    },
    ...signers.map((signer, i) => ({
      at: at + SIGNED_AFTER[i]!,
      run: async () => {
        const role = signer.roles[0]!;
        await signInForScene(signer);
        await signRequest(signer, ZSignRequestInput.parse({ requestId: request!.id, role, decision: 'approve', comment: signerComment(role, target), conditions: role === 'risk_officer' ? conditions : '', password: DEMO_PASSWORD, snapshotSha256: request!.snapshotSha256 }));
      },
    })),
  ];
}
