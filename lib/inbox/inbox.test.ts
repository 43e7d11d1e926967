import { count, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { isoDateAfter, TRIGGERED_REVIEW_DAYS_DEFAULT as TRIGGERED_REVIEW_DAYS } from '@/lib/findings/deadlines';
import { beforeAll, describe, expect, it } from 'vitest';
import * as inboxRoute from '@/app/api/v1/inbox/route';
import * as readRoute from '@/app/api/v1/inbox/read/route';
import * as summaryRoute from '@/app/api/v1/inbox/summary/route';
import { first, getDb, only, withTransaction, unguardedWriter } from '@/db';
import { aiSystems, auditEvents, findings, incidents, notifications, reviewTriggers, type Severity } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { proposePolicyChange, withdrawPolicyProposal } from '@/lib/promotion/policy-proposals';
import { currentPolicy } from '@/lib/promotion/policy-queries';
import { ZPolicyRules } from '@/lib/promotion/policy-schemas';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { createApiToken } from '@/lib/auth/create-api-token';
import { NotFound } from '@/lib/errors';
import { raiseFindingInTx } from '@/lib/findings/raise-finding';
import { makeActor, makeSystem } from '@/lib/testing';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { evidencedVersion } from '@/lib/promotion/test-artifacts';
import { withdrawRequest } from '@/lib/promotion/withdraw-request';
import { ACTION_ITEMS_PER_KIND, actionItems } from './action-items';
import { inbox } from './inbox';
import { inboxSummary } from './summary';
import { markNotificationsRead } from './mark-read';
import { listNotifications, unreadCount } from './notifications';

const DAY = 86_400_000;
const NOW = new Date('2026-12-02T09:00:00.000Z');
let dana: Actor;
let sam: Actor;
let rita: Actor;
let danaSystem: string;
let samSystem: string;

beforeAll(async () => {
  [dana, sam, rita] = await Promise.all([makeActor(['data_scientist'], 'dana'), makeActor(['data_scientist'], 'sam'), makeActor(['risk_officer'], 'rita')]);
  danaSystem = (await makeSystem(dana, { name: 'Dana fraud' })).id;
  samSystem = (await makeSystem(sam, { name: 'Sam churn' })).id;
});

/** Raises a finding on a system as Rita at `at` (its due date follows from the severity's deadline). */
async function raise(systemId: string, severity: Severity, title: string, at = NOW) {
  return (await withTransaction(async (tx) => await raiseFindingInTx(tx, rita, { type: 'validation_issue', severity, title, description: 'Found in test.', subjectType: 'system', subjectId: systemId, source: 'manual' }, at))).finding;
}
const titles = async (actor: Actor) => (await listNotifications(actor, { page: 1, pageSize: 100 })).items.map((n) => n.title);
const actionKeys = async (actor: Actor, now = NOW) => (await actionItems(actor, now)).items.map((i) => i.key);
const notificationOf = async (actor: Actor, entityId: string) => (await getDb().select().from(notifications).where(eq(notifications.entityId, entityId))).find((n) => n.userId === actor.userId)!;
const auditCount = async () => first(await getDb().select({ n: count() }).from(auditEvents).limit(1))!.n;

describe('stored notifications', () => {
  it('puts a finding assigned to Dana in Dana’s inbox, unread, and not in Sam’s', async () => {
    const before = await unreadCount(dana);
    const finding = await raise(danaSystem, 'high', 'Drift on amount');
    expect((await titles(dana)).some((t) => t.startsWith(`F-${finding.number} Drift on amount`))).toBe(true);
    expect((await titles(sam)).some((t) => t.includes('Drift on amount'))).toBe(false);
    expect(await unreadCount(dana)).toBe(before + 1);
    expect(await notificationOf(dana, finding.id)).toMatchObject({ href: `/findings/${finding.id}`, readAt: null });
  });

  it('counts unread items up to a cap when asked, for the navigation on every page', async () => {
    await raise(danaSystem, 'low', 'One more');
    const all = await unreadCount(dana);
    expect(all).toBeGreaterThan(1);
    expect(await unreadCount(dana, { upTo: 1 })).toBe(1);
    expect(await unreadCount(dana, { upTo: all + 5 })).toBe(all);
  });

  it('lists newest first, paginated, with the total and unread count', async () => {
    await raise(danaSystem, 'low', 'Older note', new Date(NOW.getTime() - 2 * DAY));
    await raise(danaSystem, 'low', 'Newer note', new Date(NOW.getTime() + 1000));
    const page = await listNotifications(dana, { page: 1, pageSize: 2 });
    expect(page.items[0]!.title).toContain('Newer note');
    expect(page.items.map((n) => n.createdAt)).toEqual([...page.items.map((n) => n.createdAt)].sort().reverse());
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect(page.unread).toBe(await unreadCount(dana));
    expect((await listNotifications(dana, { page: 2, pageSize: 2 })).items[0]!.createdAt <= page.items[1]!.createdAt).toBe(true);
  });
});

describe('marking notifications read', () => {
  it('marks one of one’s own read, unaudited, and answers the unread count left', async () => {
    const finding = await raise(danaSystem, 'medium', 'Mark me');
    const mine = await notificationOf(dana, finding.id);
    const [unread, audited] = [await unreadCount(dana), await auditCount()];
    expect(await markNotificationsRead(dana, { ids: [mine.id] }, NOW)).toEqual({ marked: 1, unread: unread - 1 });
    expect((await notificationOf(dana, finding.id)).readAt).toBe(NOW.toISOString());
    expect(await auditCount()).toBe(audited);
    // Marking again changes nothing and keeps the first read time.
    expect((await markNotificationsRead(dana, { ids: [mine.id] }, new Date(NOW.getTime() + DAY))).marked).toBe(0);
    expect((await notificationOf(dana, finding.id)).readAt).toBe(NOW.toISOString());
  });

  it('refuses someone else’s id with 404 and changes nothing, even beside one’s own', async () => {
    const samFinding = await raise(samSystem, 'medium', 'Sam’s own');
    const danaFinding = await raise(danaSystem, 'medium', 'Dana’s own');
    const samsNote = await notificationOf(sam, samFinding.id);
    const danasNote = await notificationOf(dana, danaFinding.id);
    await expect(async () => await markNotificationsRead(dana, { ids: [samsNote.id] })).rejects.toThrow(NotFound);
    await expect(async () => await markNotificationsRead(dana, { ids: [danasNote.id, samsNote.id] })).rejects.toThrow(NotFound);
    await expect(async () => await markNotificationsRead(dana, { ids: [crypto.randomUUID()] })).rejects.toThrow(NotFound);
    expect((await notificationOf(sam, samFinding.id)).readAt).toBeNull();
    expect((await notificationOf(dana, danaFinding.id)).readAt).toBeNull();
  });

  it('marks all of one’s own read up to the time the page showed, leaving later ones and other people’s', async () => {
    const shown = await raise(danaSystem, 'low', 'Seen on the page', NOW);
    const later = await raise(danaSystem, 'low', 'Arrived meanwhile', new Date(NOW.getTime() + 60_000));
    const samBefore = await unreadCount(sam);
    await markNotificationsRead(dana, { all: true, through: NOW.toISOString() });
    expect((await notificationOf(dana, shown.id)).readAt).not.toBeNull();
    expect((await notificationOf(dana, later.id)).readAt).toBeNull();
    expect(await unreadCount(sam)).toBe(samBefore);
    expect((await markNotificationsRead(dana, { all: true })).unread).toBe(0);
  });
});

describe('computed action items', () => {
  it('shows one’s own findings due within 14 days or overdue, overdue first, and drops them once closed', async () => {
    const overdue = await raise(danaSystem, 'high', 'Overdue one', new Date(NOW.getTime() - 40 * DAY)); // due 10 days ago
    const soon = await raise(danaSystem, 'medium', 'Due soon', new Date(NOW.getTime() - 80 * DAY)); // due in 10 days
    const later = await raise(danaSystem, 'low', 'Due later'); // due in 180 days
    const items = (await actionItems(dana, NOW)).items.filter((i) => i.kind === 'finding');
    expect(items.map((i) => i.key)).toEqual(expect.arrayContaining([`finding:${overdue.id}`, `finding:${soon.id}`]));
    expect(items[0]).toMatchObject({ key: `finding:${overdue.id}`, overdue: true, href: `/findings/${overdue.id}`, title: `F-${overdue.number} Overdue one` });
    expect(items.find((i) => i.key === `finding:${soon.id}`)!.overdue).toBe(false);
    expect(await actionKeys(dana)).not.toContain(`finding:${later.id}`);
    expect(await actionKeys(sam)).not.toContain(`finding:${overdue.id}`);
    await unguardedWriter().update(findings).set({ status: 'closed' }).where(eq(findings.id, overdue.id));
    expect(await actionKeys(dana)).not.toContain(`finding:${overdue.id}`);
  });

  it('makes a review due or overdue an action for every risk officer (who signs it), and “coming up” for its owner who cannot sign', async () => {
    const due = (await makeSystem(dana, { name: 'Review overdue' })).id;
    const notYet = (await makeSystem(dana, { name: 'Review next month' })).id;
    const later = (await makeSystem(dana, { name: 'Review next year' })).id;
    await unguardedWriter().update(aiSystems).set({ nextReviewDate: '2026-11-30' }).where(eq(aiSystems.id, due));
    await unguardedWriter().update(aiSystems).set({ nextReviewDate: '2026-12-20' }).where(eq(aiSystems.id, notYet));
    await unguardedWriter().update(aiSystems).set({ nextReviewDate: '2027-11-30' }).where(eq(aiSystems.id, later));
    expect((await actionItems(rita, NOW)).items.find((i) => i.key === `review:${due}`)).toMatchObject({ overdue: true, href: `/systems/${due}/reviews` });
    expect(await actionKeys(rita)).not.toContain(`review:${notYet}`);
    // Dana, a data scientist, owns the system but cannot sign its review: she sees it, not as hers to do.
    const danas = await actionItems(dana, NOW);
    expect(danas.items.map((i) => i.kind)).not.toContain('review');
    expect(danas.comingUp.find((i) => i.key === `review:${due}`)).toMatchObject({ overdue: true, date: '2026-11-30', detail: expect.stringContaining('a risk officer signs it') });
    expect(danas.comingUp.find((i) => i.key === `review:${notYet}`)).toMatchObject({ overdue: false, date: '2026-12-20', detail: expect.stringContaining('coming up') });
    expect(danas.comingUp.map((i) => i.key)).not.toContain(`review:${later}`);
    expect((await inbox(dana, { page: 1, pageSize: 1 }, NOW)).comingUp.map((i) => i.key)).toContain(`review:${due}`);
    expect([...await actionKeys(sam), ...(await actionItems(sam, NOW)).comingUp.map((i) => i.key)]).not.toContain(`review:${due}`);
  });

  it('shows a review made due now by a trigger (a critical finding), even when its date is months away', async () => {
    const system = (await makeSystem(dana, { name: 'Triggered review' })).id;
    await unguardedWriter().update(aiSystems).set({ nextReviewDate: '2027-06-01' }).where(eq(aiSystems.id, system));
    expect(await actionKeys(rita)).not.toContain(`review:${system}`);
    await raise(system, 'critical', 'Leaks personal data');
    // Due by TRIGGERED_REVIEW_DAYS after the trigger was raised, not on the periodic date months away.
    const [trigger] = await getDb().select({ createdAt: reviewTriggers.createdAt }).from(reviewTriggers).where(eq(reviewTriggers.systemId, system));
    const dueBy = isoDateAfter(new Date(trigger!.createdAt), TRIGGERED_REVIEW_DAYS);
    const now = new Date(trigger!.createdAt);
    expect((await actionItems(rita, now)).items.find((i) => i.key === `review:${system}`)).toMatchObject({ overdue: false, date: dueBy, detail: expect.stringContaining('1 open trigger, review due now') });
    expect((await actionItems(dana, now)).comingUp.find((i) => i.key === `review:${system}`)).toMatchObject({ date: dueBy, detail: expect.stringContaining('1 open trigger, review due now') });
    // Left longer, it is overdue since that day.
    const late = new Date(Date.parse(trigger!.createdAt) + (TRIGGERED_REVIEW_DAYS + 1) * 86_400_000);
    expect((await actionItems(rita, late)).items.find((i) => i.key === `review:${system}`)).toMatchObject({ overdue: true, date: dueBy, detail: expect.stringContaining('1 open trigger, review overdue') });
  });

  it('makes a proposed policy change an action for the risk officers, and “waiting on others” for its proposer, until it is decided', async () => {
    await ensureDefaultPolicies(systemActor('test'));
    const admin = await makeActor(['admin'], 'alex');
    const { rules } = (await currentPolicy(getDb(), 'minimal', 'staging'))!;
    const proposal = await proposePolicyChange(admin, { riskTier: 'minimal', targetStage: 'staging', reason: 'Evidence at most 30 days old.', rules: ZPolicyRules.parse({ ...rules, maxEvidenceAgeDays: 30 }) });
    expect((await actionItems(rita, NOW)).items.find((i) => i.key === `policy:${proposal.id}`)).toMatchObject({ kind: 'policy', title: 'Decide on the change to the Minimal risk → staging policy', href: `/admin/policies#proposal-${proposal.id}` });
    expect((await actionItems(admin, NOW)).comingUp.map((i) => i.key)).toContain(`policy:${proposal.id}`);
    expect(await actionKeys(dana)).not.toContain(`policy:${proposal.id}`);
    const news = async () => (await listNotifications(rita, { page: 1, pageSize: 100 })).items.find((n) => n.entityId === proposal.id)!;
    expect(await news()).toMatchObject({ type: 'policy.change_proposed', readAt: null, since: null });
    await withdrawPolicyProposal(admin, proposal.id);
    expect(await actionKeys(rita)).not.toContain(`policy:${proposal.id}`);
    // Its news stays, settled, and says what became of the change, so it no longer reads as waiting.
    expect(await news()).toMatchObject({ readAt: expect.any(String), since: 'withdrawn' });
  });

  it('keeps one’s open promotion request in “waiting on others”, and makes it an action once it can no longer be signed', async () => {
    await ensureDefaultPolicies(systemActor('test'));
    const model = await createModel(dana, { systemId: danaSystem, name: 'inbox-scorer' });
    const version = await evidencedVersion(dana, model.id, 'inbox-1');
    const request = await requestPromotion(dana, { modelVersionId: version.id, targetStage: 'production', justification: 'Evidence complete for the inbox test.' });
    const key = `request:${request.id}`;
    const waiting = (await actionItems(dana)).comingUp.find((i) => i.key === key);
    expect(waiting).toMatchObject({ kind: 'request', title: `Your request inbox-scorer inbox-1 → production`, href: `/approvals/${request.id}`, detail: expect.stringMatching(/^Waiting on Risk officer/) });
    expect(await actionKeys(dana, new Date())).not.toContain(key);
    // New evidence since submission: the snapshot is stale, so the requester must withdraw and ask again.
    await recordEvaluation(dana, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: version.artifactSha256, metrics: [{ name: 'auc', value: 0.91 }] }));
    expect((await actionItems(dana)).items.find((i) => i.key === key)).toMatchObject({ title: 'Withdraw and renew your request inbox-scorer inbox-1 → production' });
    expect((await actionItems(dana)).comingUp.map((i) => i.key)).not.toContain(key);
    // Someone else never sees it, and a withdrawn request leaves.
    expect([...await actionKeys(sam, new Date()), ...(await actionItems(sam)).comingUp.map((i) => i.key)]).not.toContain(key);
    await withdrawRequest(dana, request.id);
    expect([...await actionKeys(dana, new Date()), ...(await actionItems(dana)).comingUp.map((i) => i.key)]).not.toContain(key);
  });

  it('sums up what the navigation badge says: the actions, those overdue and the unread news, through the API too', async () => {
    const lee = await makeActor(['data_scientist'], 'lee');
    const system = (await makeSystem(lee, { name: 'Lee summary' })).id;
    expect(await inboxSummary(lee)).toEqual({ actions: 0, more: false, overdue: 0, unread: 0 });
    await raise(system, 'critical', 'Due within the week', new Date(Date.now() - 10 * DAY));
    await raise(system, 'high', 'Due within the month');
    await raise(system, 'critical', 'Due soon');
    // Two critical findings need Lee (one late), the high one is weeks away; each is news, as are the reviews they triggered.
    const unread = await unreadCount(lee);
    expect(unread).toBe(5);
    expect(await inboxSummary(lee)).toEqual({ actions: 2, more: false, overdue: 1, unread });
    const token = await createApiToken(lee, lee.userId, { name: 'summary', scopes: ['read'] });
    const response = await summaryRoute.GET(new NextRequest('http://localhost/api/v1/inbox/summary', { headers: { authorization: `Bearer ${token.secret}` } }), { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ actions: 2, more: false, overdue: 1, unread });
    // Past a kind's cap the inbox lists 25 and links to the rest: the badge says there are more.
    for (let i = 0; i < ACTION_ITEMS_PER_KIND; i++) await raise(system, 'critical', `Another critical ${i}`);
    expect(await inboxSummary(lee)).toMatchObject({ actions: ACTION_ITEMS_PER_KIND, more: true });
    // What waits on others never counts: an owner's coming-up reviews, however many, make no action and no "more".
    const owner = await makeActor(['data_scientist'], 'many-reviews');
    for (let i = 0; i < ACTION_ITEMS_PER_KIND; i++) {
      const id = (await makeSystem(owner, { name: `Owner review ${i}` })).id;
      await unguardedWriter().update(aiSystems).set({ nextReviewDate: isoDateAfter(new Date(), 10) }).where(eq(aiSystems.id, id));
    }
    expect((await actionItems(owner)).comingUp.filter((item) => item.kind === 'review')).toHaveLength(ACTION_ITEMS_PER_KIND);
    expect(await inboxSummary(owner)).toMatchObject({ actions: 0, more: false });
  });

  it('shows a serious incident’s report when its deadline is near or passed, to its owner and risk officers', async () => {
    const incident = async (title: string, deadlineInDays: number, reported = false) =>
      only(await unguardedWriter()
        .insert(incidents)
        .values({ number: Math.floor(Math.random() * 1e9), title, description: 'Test.', severity: 'high', serious: true, awareAt: NOW.toISOString(), reportDeadline: new Date(NOW.getTime() + deadlineInDays * DAY).toISOString(), reportedAt: reported ? NOW.toISOString() : null, status: reported ? 'reported' : 'open', ownerId: dana.userId, createdById: dana.userId })
        .returning());
    const near = await incident('Near deadline', 3);
    const late = await incident('Late report', -1);
    const far = await incident('Far deadline', 12);
    const done = await incident('Already reported', 1, true);
    const danas = (await actionItems(dana, NOW)).items;
    expect(danas.find((i) => i.key === `incident:${late.id}`)).toMatchObject({ overdue: true, href: `/incidents/${late.id}` });
    expect(danas.find((i) => i.key === `incident:${near.id}`)?.detail).toMatch(/^Report due in 3 days/);
    expect(await actionKeys(rita)).toEqual(expect.arrayContaining([`incident:${near.id}`, `incident:${late.id}`]));
    expect(await actionKeys(sam)).not.toContain(`incident:${near.id}`);
    for (const id of [far.id, done.id]) expect(await actionKeys(dana)).not.toContain(`incident:${id}`);
  });

  it('has nothing for a newcomer: the empty inbox', async () => {
    const newcomer = await makeActor(['security_reviewer'], 'newcomer');
    expect(await inbox(newcomer, { page: 1, pageSize: 20 }, NOW)).toMatchObject({ items: [], total: 0, unread: 0, actions: [], comingUp: [], actionsTruncated: false });
  });
});

describe('the inbox API', () => {
  const call = (method: string, url: string, token: string, body?: unknown) =>
    new NextRequest(url, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  const ctx = { params: Promise.resolve({}) };

  it('answers the token owner’s inbox with a read token, and refuses a token without it', async () => {
    const read = (await createApiToken(dana, dana.userId, { name: 'inbox read', scopes: ['read'] })).secret;
    const register = (await createApiToken(dana, dana.userId, { name: 'inbox register', scopes: ['register'] })).secret;
    const response = await inboxRoute.GET(call('GET', 'http://localhost/api/v1/inbox?pageSize=5', read), ctx);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ page: 1, pageSize: 5, total: (await listNotifications(dana, { page: 1, pageSize: 1 })).total });
    expect(Array.isArray(body.actions)).toBe(true);
    expect((await inboxRoute.GET(call('GET', 'http://localhost/api/v1/inbox', register), ctx)).status).toBe(403);
    expect((await inboxRoute.GET(call('GET', 'http://localhost/api/v1/inbox?pageSize=1000', read), ctx)).status).toBe(400);
  });

  it('marks read by id, 404s someone else’s id, and 400s a body with neither ids nor all', async () => {
    const read = (await createApiToken(sam, sam.userId, { name: 'inbox read', scopes: ['read'] })).secret;
    const samFinding = await raise(samSystem, 'low', 'For the API');
    const danaFinding = await raise(danaSystem, 'low', 'Not Sam’s');
    const post = (body: unknown) => readRoute.POST(call('POST', 'http://localhost/api/v1/inbox/read', read, body), ctx);
    expect((await post({ ids: [(await notificationOf(dana, danaFinding.id)).id] })).status).toBe(404);
    expect((await notificationOf(dana, danaFinding.id)).readAt).toBeNull();
    const ok = await post({ ids: [(await notificationOf(sam, samFinding.id)).id] });
    expect(ok.status).toBe(200);
    expect((await ok.json()).marked).toBe(1);
    const unrelated = (await createApiToken(sam, sam.userId, { name: 'no inbox scope', scopes: ['register', 'lineage:write', 'deploy:report', 'monitoring:write', 'findings:write'] })).secret;
    const refused = await readRoute.POST(call('POST', 'http://localhost/api/v1/inbox/read', unrelated, { all: true }), ctx);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(/lacks the scope/);
    expect(await unreadCount(sam)).toBeGreaterThan(0);
    for (const bad of [{}, { ids: [] }, { ids: ['not-a-uuid'] }, { ids: [(await notificationOf(sam, samFinding.id)).id], all: true }, { all: false }, { through: NOW.toISOString() }]) {
      expect((await post(bad)).status, JSON.stringify(bad)).toBe(400);
    }
  });
});

