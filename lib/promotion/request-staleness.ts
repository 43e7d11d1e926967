import 'server-only';
import { eq } from 'drizzle-orm';
import { first, getDb, type Db, type Tx } from '@/db';
import { promotionPolicies, type promotionRequests } from '@/db/schema';
import type { CardContent } from '@/lib/cards/card-schema';
import { canonicalJson } from '@/lib/canonical-json';
import { inWords } from '@/lib/words';
import type { Requirement } from './evaluate-gate';
import { gateForVersion } from './gate-context';
import { buildSnapshot } from './snapshot';

/** The card's sections in reading order, each said the way a signer would say it. */
const SECTIONS: [keyof CardContent, string][] = [
  ['system', "the system's description"],
  ['risk', 'the risk classification'],
  ['narrative', 'the limitations and ethical considerations'],
  ['model', "the model's description"],
  ['version', "the version's details"],
  ['trainingData', 'the training data'],
  ['lineage', 'the lineage'],
  ['evaluations', 'the evidence'],
  ['integrity', 'the integrity checks'],
  ['findings', 'the findings'],
];

/**
 * The record now, as a request's signers judge it against what was submitted: a check of the stored bytes that
 * matched since is news in the request's favour, not a change to what they sign (a reviewer doing due diligence must
 * not void everyone's signatures). A check that failed is a change, as is anything else.
 */
function asJudged(submitted: CardContent, now: CardContent): CardContent {
  if (now.integrity.lastVerification !== 'matched' || submitted.integrity.lastVerification === 'mismatched') return now;
  return { ...now, integrity: { ...now.integrity, lastVerification: submitted.integrity.lastVerification } };
}

/**
 * Which sections of the card differ, for its signers, between the submitted snapshot and the record now, in words;
 * none when the request may still be signed as submitted.
 */
export function changedSections(submitted: CardContent, current: CardContent): string[] {
  const now = asJudged(submitted, current);
  const differs = (key: keyof CardContent) => canonicalJson(submitted[key] ?? null) !== canonicalJson(now[key] ?? null);
  const changed = SECTIONS.filter(([key]) => differs(key)).map(([, words]) => words);
  return changed.length || canonicalJson(submitted) === canonicalJson(now) ? changed : ['the card'];
}

/** Says what changed (the evidence, the findings…) and the only way forward: reloading never helps. */
export function staleRequestMessage(changed: string[]) {
  return `The record changed since submission (${inWords(changed)}), so it is no longer what this request asks you to sign. Reloading will not help: the requester must withdraw the request and submit it again.`;
}

type Submitted = Pick<typeof promotionRequests.$inferSelect, 'id' | 'modelVersionId' | 'targetStage' | 'expeditedRollback' | 'snapshotSha256' | 'policyId'>;

/**
 * Null while the record still hashes to the submitted snapshot and the gate still passes under the request's policy
 * (as an approval re-checks it); otherwise what changed (nothing, when only the gate moved: evidence aged, a finding
 * upstream, a key no longer trusted) and what the gate says is unmet now. For one page, not lists.
 */
export async function requestStaleness(request: Submitted, submitted: CardContent, db: Db | Tx = getDb(), now = new Date()): Promise<{ changed: string[]; unmetNow: Requirement[] } | null> {
  const live = await buildSnapshot(db, request.modelVersionId);
  const policy = first(await db.select().from(promotionPolicies).where(eq(promotionPolicies.id, request.policyId)).limit(1));
  const { gate } = await gateForVersion(db, request.modelVersionId, request.targetStage, { rollback: request.expeditedRollback, policy, exceptRequestId: request.id, now });
  const unmetNow = gate.requirements.filter((r) => !r.met);
  const changed = live.sha256 === request.snapshotSha256 ? [] : changedSections(submitted, live.content);
  return changed.length === 0 && unmetNow.length === 0 ? null : { changed, unmetNow };
}
