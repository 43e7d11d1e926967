import { count, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as inboxRoute from '@/app/api/v1/inbox/route';
import * as readRoute from '@/app/api/v1/inbox/read/route';
import { getDb } from '@/db';
import { aiSystems, auditEvents, findings, incidents, notifications, type Severity } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { NotFound } from '@/lib/errors';
import { raiseFindingInTx } from '@/lib/findings/raise-finding';
import { makeActor, makeSystem } from '@/lib/testing';
import { actionItems } from './action-items';
import { inbox } from './inbox';
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
  danaSystem = makeSystem(dana, { name: 'Dana fraud' }).id;
  samSystem = makeSystem(sam, { name: 'Sam churn' }).id;
});

/** Raises a finding on a system as Rita at `at` (its due date follows from the severity's deadline). */
function raise(systemId: string, severity: Severity, title: string, at = NOW) {
  return getDb().transaction((tx) => raiseFindingInTx(tx, rita, { type: 'validation_issue', severity, title, description: 'Found in test.', subjectType: 'system', subjectId: systemId, source: 'manual' }, at), { behavior: 'immediate' }).finding;
}
const titles = (actor: Actor) => listNotifications(actor, { page: 1, pageSize: 100 }).items.map((n) => n.title);
const actionKeys = (actor: Actor, now = NOW) => actionItems(actor, now).items.map((i) => i.key);
const notificationOf = (actor: Actor, entityId: string) => getDb().select().from(notifications).where(eq(notifications.entityId, entityId)).all().find((n) => n.userId === actor.userId)!;
const auditCount = () => getDb().select({ n: count() }).from(auditEvents).get()!.n;

describe('stored notifications', () => {
  it('puts a finding assigned to Dana in Dana’s inbox, unread, and not in Sam’s', () => {
    const before = unreadCount(dana);
    const finding = raise(danaSystem, 'high', 'Drift on amount');
    expect(titles(dana).some((t) => t.startsWith(`F-${finding.number} Drift on amount`))).toBe(true);
    expect(titles(sam).some((t) => t.includes('Drift on amount'))).toBe(false);
    expect(unreadCount(dana)).toBe(before + 1);
    expect(notificationOf(dana, finding.id)).toMatchObject({ href: `/findings/${finding.id}`, readAt: null });
  });

  it('counts unread items up to a cap when asked, for the navigation on every page', () => {
    raise(danaSystem, 'low', 'One more');
    const all = unreadCount(dana);
    expect(all).toBeGreaterThan(1);
    expect(unreadCount(dana, { upTo: 1 })).toBe(1);
    expect(unreadCount(dana, { upTo: all + 5 })).toBe(all);
  });

  it('lists newest first, paginated, with the total and unread count', () => {
    raise(danaSystem, 'low', 'Older note', new Date(NOW.getTime() - 2 * DAY));
    raise(danaSystem, 'low', 'Newer note', new Date(NOW.getTime() + 1000));
    const page = listNotifications(dana, { page: 1, pageSize: 2 });
    expect(page.items[0]!.title).toContain('Newer note');
    expect(page.items.map((n) => n.createdAt)).toEqual([...page.items.map((n) => n.createdAt)].sort().reverse());
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect(page.unread).toBe(unreadCount(dana));
    expect(listNotifications(dana, { page: 2, pageSize: 2 }).items[0]!.createdAt <= page.items[1]!.createdAt).toBe(true);
  });
});

describe('marking notifications read', () => {
  it('marks one of one’s own read, unaudited, and answers the unread count left', () => {
    const finding = raise(danaSystem, 'medium', 'Mark me');
    const mine = notificationOf(dana, finding.id);
    const [unread, audited] = [unreadCount(dana), auditCount()];
    expect(markNotificationsRead(dana, { ids: [mine.id] }, NOW)).toEqual({ marked: 1, unread: unread - 1 });
    expect(notificationOf(dana, finding.id).readAt).toBe(NOW.toISOString());
    expect(auditCount()).toBe(audited);
    // Marking again changes nothing and keeps the first read time.
    expect(markNotificationsRead(dana, { ids: [mine.id] }, new Date(NOW.getTime() + DAY)).marked).toBe(0);
    expect(notificationOf(dana, finding.id).readAt).toBe(NOW.toISOString());
  });

  it('refuses someone else’s id with 404 and changes nothing, even beside one’s own', () => {
    const samFinding = raise(samSystem, 'medium', 'Sam’s own');
    const danaFinding = raise(danaSystem, 'medium', 'Dana’s own');
    const samsNote = notificationOf(sam, samFinding.id);
    const danasNote = notificationOf(dana, danaFinding.id);
    expect(() => markNotificationsRead(dana, { ids: [samsNote.id] })).toThrow(NotFound);
    expect(() => markNotificationsRead(dana, { ids: [danasNote.id, samsNote.id] })).toThrow(NotFound);
    expect(() => markNotificationsRead(dana, { ids: [crypto.randomUUID()] })).toThrow(NotFound);
    expect(notificationOf(sam, samFinding.id).readAt).toBeNull();
    expect(notificationOf(dana, danaFinding.id).readAt).toBeNull();
  });

  it('marks all of one’s own read up to the time the page showed, leaving later ones and other people’s', () => {
    const shown = raise(danaSystem, 'low', 'Seen on the page', NOW);
    const later = raise(danaSystem, 'low', 'Arrived meanwhile', new Date(NOW.getTime() + 60_000));
    const samBefore = unreadCount(sam);
    markNotificationsRead(dana, { all: true, through: NOW.toISOString() });
    expect(notificationOf(dana, shown.id).readAt).not.toBeNull();
    expect(notificationOf(dana, later.id).readAt).toBeNull();
    expect(unreadCount(sam)).toBe(samBefore);
    expect(markNotificationsRead(dana, { all: true }).unread).toBe(0);
  });
});

describe('computed action items', () => {
  it('shows one’s own findings due within 14 days or overdue, overdue first, and drops them once closed', () => {
    const overdue = raise(danaSystem, 'high', 'Overdue one', new Date(NOW.getTime() - 40 * DAY)); // due 10 days ago
    const soon = raise(danaSystem, 'medium', 'Due soon', new Date(NOW.getTime() - 80 * DAY)); // due in 10 days
    const later = raise(danaSystem, 'low', 'Due later'); // due in 180 days
    const items = actionItems(dana, NOW).items.filter((i) => i.kind === 'finding');
    expect(items.map((i) => i.key)).toEqual(expect.arrayContaining([`finding:${overdue.id}`, `finding:${soon.id}`]));
    expect(items[0]).toMatchObject({ key: `finding:${overdue.id}`, overdue: true, href: `/findings/${overdue.id}`, title: `F-${overdue.number} Overdue one` });
    expect(items.find((i) => i.key === `finding:${soon.id}`)!.overdue).toBe(false);
    expect(actionKeys(dana)).not.toContain(`finding:${later.id}`);
    expect(actionKeys(sam)).not.toContain(`finding:${overdue.id}`);
    getDb().update(findings).set({ status: 'closed' }).where(eq(findings.id, overdue.id)).run();
    expect(actionKeys(dana)).not.toContain(`finding:${overdue.id}`);
  });

  it('makes a review due or overdue an action for every risk officer (who signs it), and “coming up” for its owner who cannot sign', () => {
    const due = makeSystem(dana, { name: 'Review overdue' }).id;
    const notYet = makeSystem(dana, { name: 'Review next month' }).id;
    const later = makeSystem(dana, { name: 'Review next year' }).id;
    getDb().update(aiSystems).set({ nextReviewDate: '2026-11-30' }).where(eq(aiSystems.id, due)).run();
    getDb().update(aiSystems).set({ nextReviewDate: '2026-12-20' }).where(eq(aiSystems.id, notYet)).run();
    getDb().update(aiSystems).set({ nextReviewDate: '2027-11-30' }).where(eq(aiSystems.id, later)).run();
    expect(actionItems(rita, NOW).items.find((i) => i.key === `review:${due}`)).toMatchObject({ overdue: true, href: `/systems/${due}/reviews` });
    expect(actionKeys(rita)).not.toContain(`review:${notYet}`);
    // Dana, a data scientist, owns the system but cannot sign its review: she sees it, not as hers to do.
    const danas = actionItems(dana, NOW);
    expect(danas.items.map((i) => i.kind)).not.toContain('review');
    expect(danas.comingUp.find((i) => i.key === `review:${due}`)).toMatchObject({ overdue: true, date: '2026-11-30', detail: expect.stringContaining('a risk officer signs it') });
    expect(danas.comingUp.find((i) => i.key === `review:${notYet}`)).toMatchObject({ overdue: false, date: '2026-12-20', detail: expect.stringContaining('coming up') });
    expect(danas.comingUp.map((i) => i.key)).not.toContain(`review:${later}`);
    expect(inbox(dana, { page: 1, pageSize: 1 }, NOW).comingUp.map((i) => i.key)).toContain(`review:${due}`);
    expect([...actionKeys(sam), ...actionItems(sam, NOW).comingUp.map((i) => i.key)]).not.toContain(`review:${due}`);
  });

  it('shows a review made due now by a trigger (a critical finding), even when its date is months away', () => {
    const system = makeSystem(dana, { name: 'Triggered review' }).id;
    getDb().update(aiSystems).set({ nextReviewDate: '2027-06-01' }).where(eq(aiSystems.id, system)).run();
    expect(actionKeys(rita)).not.toContain(`review:${system}`);
    raise(system, 'critical', 'Leaks personal data');
    expect(actionItems(rita, NOW).items.find((i) => i.key === `review:${system}`)).toMatchObject({ overdue: false, date: '2026-12-02', detail: expect.stringContaining('due now: 1 trigger') });
    expect(actionItems(dana, NOW).comingUp.find((i) => i.key === `review:${system}`)).toMatchObject({ date: '2026-12-02', detail: expect.stringContaining('due now: 1 trigger') });
  });

  it('shows a serious incident’s report when its deadline is near or passed, to its owner and risk officers', () => {
    const incident = (title: string, deadlineInDays: number, reported = false) =>
      getDb()
        .insert(incidents)
        .values({ number: Math.floor(Math.random() * 1e9), title, description: 'Test.', severity: 'high', serious: true, awareAt: NOW.toISOString(), reportDeadline: new Date(NOW.getTime() + deadlineInDays * DAY).toISOString(), reportedAt: reported ? NOW.toISOString() : null, status: reported ? 'reported' : 'open', ownerId: dana.userId, createdById: dana.userId })
        .returning()
        .get();
    const near = incident('Near deadline', 3);
    const late = incident('Late report', -1);
    const far = incident('Far deadline', 12);
    const done = incident('Already reported', 1, true);
    const danas = actionItems(dana, NOW).items;
    expect(danas.find((i) => i.key === `incident:${late.id}`)).toMatchObject({ overdue: true, href: `/incidents/${late.id}` });
    expect(danas.find((i) => i.key === `incident:${near.id}`)?.detail).toMatch(/^Report due in 3 days/);
    expect(actionKeys(rita)).toEqual(expect.arrayContaining([`incident:${near.id}`, `incident:${late.id}`]));
    expect(actionKeys(sam)).not.toContain(`incident:${near.id}`);
    for (const id of [far.id, done.id]) expect(actionKeys(dana)).not.toContain(`incident:${id}`);
  });

  it('has nothing for a newcomer: the empty inbox', async () => {
    const newcomer = await makeActor(['security_reviewer'], 'newcomer');
    expect(inbox(newcomer, { page: 1, pageSize: 20 }, NOW)).toMatchObject({ items: [], total: 0, unread: 0, actions: [], comingUp: [], actionsTruncated: false });
  });
});

describe('the inbox API', () => {
  const call = (method: string, url: string, token: string, body?: unknown) =>
    new NextRequest(url, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  const ctx = { params: Promise.resolve({}) };

  it('answers the token owner’s inbox with a read token, and refuses a token without it', async () => {
    const read = createApiToken(dana, dana.userId, { name: 'inbox read', scopes: ['read'] }).secret;
    const register = createApiToken(dana, dana.userId, { name: 'inbox register', scopes: ['register'] }).secret;
    const response = await inboxRoute.GET(call('GET', 'http://localhost/api/v1/inbox?pageSize=5', read), ctx);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ page: 1, pageSize: 5, total: listNotifications(dana, { page: 1, pageSize: 1 }).total });
    expect(Array.isArray(body.actions)).toBe(true);
    expect((await inboxRoute.GET(call('GET', 'http://localhost/api/v1/inbox', register), ctx)).status).toBe(403);
    expect((await inboxRoute.GET(call('GET', 'http://localhost/api/v1/inbox?pageSize=1000', read), ctx)).status).toBe(400);
  });

  it('marks read by id, 404s someone else’s id, and 400s a body with neither ids nor all', async () => {
    const read = createApiToken(sam, sam.userId, { name: 'inbox read', scopes: ['read'] }).secret;
    const samFinding = raise(samSystem, 'low', 'For the API');
    const danaFinding = raise(danaSystem, 'low', 'Not Sam’s');
    const post = (body: unknown) => readRoute.POST(call('POST', 'http://localhost/api/v1/inbox/read', read, body), ctx);
    expect((await post({ ids: [notificationOf(dana, danaFinding.id).id] })).status).toBe(404);
    expect(notificationOf(dana, danaFinding.id).readAt).toBeNull();
    const ok = await post({ ids: [notificationOf(sam, samFinding.id).id] });
    expect(ok.status).toBe(200);
    expect((await ok.json()).marked).toBe(1);
    const unrelated = createApiToken(sam, sam.userId, { name: 'no inbox scope', scopes: ['register', 'lineage:write', 'deploy:report', 'monitoring:write', 'findings:write'] }).secret;
    const refused = await readRoute.POST(call('POST', 'http://localhost/api/v1/inbox/read', unrelated, { all: true }), ctx);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(/lacks the scope/);
    expect(unreadCount(sam)).toBeGreaterThan(0);
    for (const bad of [{}, { ids: [] }, { ids: ['not-a-uuid'] }, { ids: [notificationOf(sam, samFinding.id).id], all: true }, { all: false }, { through: NOW.toISOString() }]) {
      expect((await post(bad)).status, JSON.stringify(bad)).toBe(400);
    }
  });
});

