import 'server-only';
import { getDb, type Db } from '@/db';
import type { Stage } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { NotFound } from '@/lib/errors';
import { changedSections } from '@/lib/promotion/request-staleness';
import { buildSnapshot } from '@/lib/promotion/snapshot';
import { promotionHistory } from '@/lib/promotion/queries';
import { versionContext } from '@/lib/promotion/version-context';
import { latestChangeIn, liveCardClock } from './card-clock';
import type { CardContent, CardRequest } from './card-schema';
import { loadCardOversight } from './load-oversight';
import type { CardOversight } from './oversight-schema';
import { readSnapshot } from './read-snapshot';
import type { PersonRef } from '@/lib/format/person';
import { personByEmail } from '@/lib/users/people';

/** Which card: today's record, the last signed snapshot, or the snapshot of one promotion request. */
export type CardSelector = { view: 'current' | 'signed'; requestId?: string };

export type CardView = {
  /** `current` is built from today's record; `snapshot` is rendered from a frozen snapshot, never from today's data. */
  source: 'current' | 'snapshot';
  content: CardContent;
  sha256: string;
  /** The version's stage now; shown on the current card only, since a snapshot does not carry it. */
  stage: Stage | null;
  /** The request whose snapshot this is (snapshot cards). */
  request: CardRequest | null;
  /** The most recent approved request of the version, with its signatures, or null when none was approved. */
  lastSigned: CardRequest | null;
  /** Whether this card's digest differs from the last signed one (null when nothing was signed). */
  differsFromLastSigned: boolean | null;
  /**
   * Where a current card differs from the last signed one, the card's sections in words ("the evidence"); null when it
   * does not, nothing was signed, or this is a snapshot (which says whose snapshot it is instead).
   */
  changedSinceSigned: string[] | null;
  /** Monitoring, findings, waivers, reviews and incidents as they stand now: current cards only, never hashed. */
  oversight: CardOversight | null;
  generatedAt: string;
  /** Who classified the risk tier, by name: the content records only their email. */
  classifiedBy: PersonRef | null;
};

/** The live oversight of a current card: the version, the datasets it was trained on and its system. */
async function oversightOf(content: CardContent, now: Date) {
  return await loadCardOversight(getDb(), content.system.id, {
    systems: new Map([[content.system.id, content.system.name]]),
    versions: new Map([[content.version.id, `${content.model.name} ${content.version.version}`]]),
    datasets: new Map(content.trainingData.map((d) => [d.datasetVersionId, `${d.namespace}/${d.name} ${d.version}`])),
  }, now);
}

/** A live card's oversight read at the card's clock (see liveCardClock), so the same record state gives the same bytes. */
async function liveOversight(content: CardContent, lastSigned: CardRequest | null, now: Date) {
  const hour = liveCardClock(null, now);
  const atHour = await oversightOf(content, hour);
  const clock = liveCardClock(latestChangeIn([content, lastSigned, { ...atHour, asOf: null }], now), now);
  return { clock, oversight: clock.getTime() === hour.getTime() ? atHour : await oversightOf(content, clock) };
}

type History = Awaited<ReturnType<typeof promotionHistory>>;

function toCardRequest(row: History[number]): CardRequest {
  const r = row.request;
  return {
    id: r.id, targetStage: r.targetStage, status: r.status, submittedAt: r.createdAt, requester: row.requester, snapshotSha256: r.snapshotSha256,
    signatures: row.signatures.map((s) => ({ printedName: s.printedName, role: s.role, decision: s.decision, meaning: s.meaning, signedAt: s.signedAt, snapshotSha256: s.snapshotSha256, comment: s.comment, ...(s.conditions ? { conditions: s.conditions } : {}) })),
  };
}

/** The sections in which a card differs from the last signed one, read from the signed snapshot; null when it does not. */
async function changedSinceSigned(db: Db, lastSigned: CardRequest | null, card: { content: CardContent; sha256: string }) {
  if (!lastSigned || lastSigned.snapshotSha256 === card.sha256) return null;
  return changedSections((await readSnapshot(db, lastSigned.snapshotSha256)).content, card.content);
}

/** Loads the AI Card of a model version; a signed card comes from its snapshot, with the signatures bound to it. */
export async function loadCard(actor: Actor, versionId: string, selector: CardSelector = { view: 'current' }): Promise<CardView> {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const { version } = await versionContext(db, versionId);
  const history = await promotionHistory(actor, versionId);
  const approved = history.find((h) => h.request.status === 'approved');
  const lastSigned = approved ? toCardRequest(approved) : null;
  const now = new Date();

  if (selector.requestId || selector.view === 'signed') {
    const row = selector.requestId ? history.find((h) => h.request.id === selector.requestId) : approved;
    if (!row && selector.requestId) throw new NotFound('Promotion request of this version');
    if (!row) throw new NotFound('Signed card (this version has no approved promotion request)');
    const snapshot = await readSnapshot(db, row.request.snapshotSha256);
    const request = toCardRequest(row);
    // A frozen card's time is its own last change (a signature, a later approval), never the time of the download.
    const generatedAt = (latestChangeIn([snapshot.content, request, lastSigned], now) ?? now).toISOString();
    return { source: 'snapshot', content: snapshot.content, sha256: snapshot.sha256, stage: null, request, lastSigned, differsFromLastSigned: lastSigned ? lastSigned.snapshotSha256 !== snapshot.sha256 : null, changedSinceSigned: null, oversight: null, generatedAt, classifiedBy: await personByEmail(db, snapshot.content.risk.classifiedBy) };
  }
  const current = await buildSnapshot(db, versionId);
  const { clock, oversight } = await liveOversight(current.content, lastSigned, now);
  return { source: 'current', content: current.content, sha256: current.sha256, stage: version.stage, request: null, lastSigned, differsFromLastSigned: lastSigned ? lastSigned.snapshotSha256 !== current.sha256 : null, changedSinceSigned: await changedSinceSigned(db, lastSigned, current), oversight, generatedAt: clock.toISOString(), classifiedBy: await personByEmail(db, current.content.risk.classifiedBy) };
}
