import 'server-only';
import { and, eq, gte } from 'drizzle-orm';
import { first, getDb, type Db, type Tx } from '@/db';
import { integrityChecks, promotionPolicies, type promotionRequests } from '@/db/schema';
import type { CardContent } from '@/lib/cards/card-schema';
import { readSnapshot } from '@/lib/cards/read-snapshot';
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
 * not void everyone's signatures). A check that failed is a change, and stays one when a later check matches (the
 * bytes were missing or altered while the request was open): `failedCheckSince` says whether one did.
 */
function asJudged(submitted: CardContent, now: CardContent, failedCheckSince: boolean): CardContent {
  if (failedCheckSince || now.integrity.lastVerification !== 'matched' || submitted.integrity.lastVerification === 'mismatched') return now;
  return { ...now, integrity: { ...now.integrity, lastVerification: submitted.integrity.lastVerification } };
}

/**
 * Which sections of the card differ, for its signers, between the submitted snapshot and the record now, in words;
 * none when the request may still be signed as submitted. Without word of the checks since, any check counts.
 */
export function changedSections(submitted: CardContent, current: CardContent, failedCheckSince = true): string[] {
  const now = asJudged(submitted, current, failedCheckSince);
  const differs = (key: keyof CardContent) => canonicalJson(submitted[key] ?? null) !== canonicalJson(now[key] ?? null);
  const changed = SECTIONS.filter(([key]) => differs(key)).map(([, words]) => words);
  return changed.length || canonicalJson(submitted) === canonicalJson(now) ? changed : ['the card'];
}

type Open = { modelVersionId: string; snapshotSha256: string; createdAt: string };
type Snapshot = Awaited<ReturnType<typeof buildSnapshot>>;

/**
 * The one test of whether a request can still be signed as submitted, wherever it is asked (the signing, the request's
 * page, every queue): what changed in its card since, in words; none while it is unchanged. `known` passes what the
 * caller already read (the card now, the submitted one).
 */
export async function cardChangesSince(db: Db | Tx, request: Open, known: { live?: Snapshot; submitted?: CardContent } = {}): Promise<string[]> {
  const live = known.live ?? (await buildSnapshot(db, request.modelVersionId));
  if (live.sha256 === request.snapshotSha256) return [];
  const submitted = known.submitted ?? (await readSnapshot(db, request.snapshotSha256)).content;
  const failed = first(await db
    .select({ id: integrityChecks.id })
    .from(integrityChecks)
    .where(and(eq(integrityChecks.subjectType, 'model_version'), eq(integrityChecks.subjectId, request.modelVersionId), eq(integrityChecks.ok, false), gte(integrityChecks.createdAt, request.createdAt)))
    .limit(1));
  return changedSections(submitted, live.content, failed !== undefined);
}

/**
 * The longest page of the approvals list that says which open requests can no longer be signed: its default. Each is
 * a card rebuild (4-5 ms on a small card, measured), synchronous on SQLite, so a page of 200 held the server for a
 * second; the inbox and the dashboard keep to the same 25.
 */
export const UNSIGNABLE_CHECKED_PAGE_SIZE = 25;

/**
 * cardChangesSince for the short queues of a dashboard and an inbox, and a page of open requests in the approvals list
 * (up to UNSIGNABLE_CHECKED_PAGE_SIZE): the requests that can no longer be signed, with what changed. One card rebuild
 * per version (a few milliseconds each), so never for a whole table. The gate's own re-check (evidence that aged, a
 * key no longer trusted) is left to the request's page and the signing.
 */
export async function unsignableRequests(db: Db, requests: readonly (Open & { id: string })[]): Promise<Map<string, string[]>> {
  const live = new Map<string, Snapshot>();
  const changed = new Map<string, string[]>();
  for (const request of requests) {
    let now = live.get(request.modelVersionId);
    if (!now) live.set(request.modelVersionId, (now = await buildSnapshot(db, request.modelVersionId)));
    const sections = await cardChangesSince(db, request, { live: now });
    if (sections.length > 0) changed.set(request.id, sections);
  }
  return changed;
}

/** Says what changed (the evidence, the findings…) and the only way forward: reloading never helps. */
export function staleRequestMessage(changed: string[]) {
  return `The record changed since submission (${inWords(changed)}), so it is no longer what this request asks you to sign. Reloading will not help: the requester must withdraw the request and submit it again.`;
}

type Submitted = Pick<typeof promotionRequests.$inferSelect, 'id' | 'modelVersionId' | 'targetStage' | 'expeditedRollback' | 'snapshotSha256' | 'policyId' | 'createdAt'>;

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
  const changed = await cardChangesSince(db, request, { live, submitted });
  return changed.length === 0 && unmetNow.length === 0 ? null : { changed, unmetNow };
}
