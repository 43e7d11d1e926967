import { and, count, eq, like } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as item from '@/app/api/v1/incidents/[id]/route';
import * as collection from '@/app/api/v1/incidents/route';
import { first, getDb, unguardedWriter } from '@/db';
import { auditEvents, findings, incidentActions, incidents, notifications, users } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { retireSystem } from '@/lib/inventory/retire-system';
import { makeActor, makeSystem } from '@/lib/testing';
import { refusal } from '@/lib/testing-sql';
import { addIncidentAction } from './add-incident-action';
import { closeIncident } from './close-incident';
import { deadlineSentence, incidentDeadline, reportDeadlineFor } from './deadline';
import { markIncidentReported } from './mark-incident-reported';
import { reviewState } from '@/lib/reviews/queries';
import { reviewTriggerLabel } from '@/lib/reviews/trigger-labels';
import { getIncident, incidentRef, listIncidents } from './queries';
import { recordIncident } from './record-incident';
import { ZMoment, ZRecordIncidentInput, type RecordIncidentInput } from './schemas';
import { updateIncident } from './update-incident';

let ds: Actor;
let ro: Actor;
let auditor: Actor;
let otherDs: Actor;
beforeAll(async () => {
  [ds, ro, auditor, otherDs] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer']), makeActor(['auditor']), makeActor(['data_scientist'])]);
});

const NOW = new Date('2026-01-30T12:00:00.000Z');
const input = (systemIds: string[], overrides: Partial<RecordIncidentInput> = {}): RecordIncidentInput =>
  ZRecordIncidentInput.parse({ title: 'Wrong denials', description: 'The scorer denied eligible applicants.', systemIds, severity: 'high', serious: true, category: 'general', awareAt: '2026-01-28T10:00:00Z', affectedPeople: '212 applicants', ...overrides });
const auditCount = async () => first(await getDb().select({ n: count() }).from(auditEvents).limit(1))!.n;

describe('the Art. 73 reporting clock', () => {
  it('runs 15, 10 or 2 days from awareness by category, across a month end', () => {
    const aware = '2026-01-28T10:00:00.000Z';
    expect(reportDeadlineFor(true, 'general', aware)).toBe('2026-02-12T10:00:00.000Z');
    expect(reportDeadlineFor(true, 'death', aware)).toBe('2026-02-07T10:00:00.000Z');
    expect(reportDeadlineFor(true, 'widespread_or_critical_infrastructure', aware)).toBe('2026-01-30T10:00:00.000Z');
    expect(reportDeadlineFor(false, 'death', aware)).toBeNull();
  });

  it('counts days left, hours when under two days, overdue when past without a report, and met when reported in time', () => {
    const open = { serious: true, reportDeadline: '2026-02-02T12:00:00.000Z', reportedAt: null };
    expect(incidentDeadline(open, NOW)).toEqual({ deadline: open.reportDeadline, daysLeft: 3, hoursLeft: null, overdue: false, met: null });
    expect(deadlineSentence(open, incidentDeadline(open, NOW))).toBe('Report due in 3 days (2026-02-02).');
    const soon = { ...open, reportDeadline: '2026-01-31T08:00:00.000Z' };
    expect(incidentDeadline(soon, NOW)).toMatchObject({ daysLeft: 1, hoursLeft: 20, overdue: false });
    expect(deadlineSentence(soon, incidentDeadline(soon, NOW))).toBe('Report due in 20 hours (2026-01-31 08:00 UTC).');
    const late = { ...open, reportDeadline: '2026-01-25T12:00:00.000Z' };
    expect(incidentDeadline(late, NOW)).toMatchObject({ daysLeft: -5, overdue: true, met: null });
    expect(deadlineSentence(late, incidentDeadline(late, NOW))).toBe('Report overdue by 5 days (due 2026-01-25).');
    expect(incidentDeadline({ ...late, reportedAt: '2026-01-26T00:00:00.000Z' }, NOW)).toMatchObject({ overdue: false, met: false });
    expect(incidentDeadline({ ...open, reportedAt: '2026-01-29T00:00:00.000Z' }, NOW)).toMatchObject({ overdue: false, met: true });
  });

  it('reads dates and UTC times, and refuses impossible ones', () => {
    expect(ZMoment.parse('2026-12-01 10:30')).toBe('2026-12-01T10:30:00.000Z');
    expect(ZMoment.parse('2026-12-01T10:30:00+02:00')).toBe('2026-12-01T08:30:00.000Z');
    expect(ZMoment.parse('2026-12-01')).toBe('2026-12-01T00:00:00.000Z');
    const { title, description, severity, serious, awareAt } = input(['x']);
    const noSystem = ZRecordIncidentInput.safeParse({ title, description, severity, serious, awareAt });
    expect(noSystem.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['systemIds', 'Choose at least one affected system.']]);
    for (const bad of ['2026-02-30', '2026-12-01 25:00', '01/12/2026', '2026-12-01T10:30:00.000Zjunk']) expect(ZMoment.safeParse(bad).success).toBe(false);
  });

  it('refuses a moment before 2000 once its offset is applied, so no time falls out of an evidence pack’s period', () => {
    // Year 0 at +01:00 is 31 December of year -1: stored as "-000001-…", it sorted before every period's start.
    for (const bad of ['0000-01-01T00:00+01:00', '1999-12-31', '2000-01-01T00:30:00+01:00']) {
      expect(ZMoment.safeParse(bad).error?.issues.map((i) => i.message), bad).toEqual(['Earlier than 2000-01-01: no record here can be that old.']);
    }
    expect(ZMoment.parse('2000-01-01T01:00:00+01:00')).toBe('2000-01-01T00:00:00.000Z');
  });
});

describe('recording an incident', () => {
  it('stores the deadline, raises one incident finding per affected system and tells the owner and risk officers', async () => {
    const [a, b] = [await makeSystem(ds, { name: 'Scorer A' }), await makeSystem(ds, { name: 'Scorer B' })];
    const incident = await recordIncident(ds, input([a.id, b.id, a.id], { category: 'death' }), NOW);
    expect(incident.reportDeadline).toBe('2026-02-07T10:00:00.000Z');
    const raised = await getDb().select().from(findings).where(like(findings.dedupeKey, `incident:${incident.id}:%`));
    expect(raised.map((f) => [f.subjectId, f.type, f.severity, f.ownerId]).sort()).toEqual([[a.id, 'incident', 'high', ds.userId], [b.id, 'incident', 'high', ds.userId]].sort());
    const detail = await getIncident(ro, incident.id, NOW);
    expect(detail.systems.map((s) => s.name)).toEqual(['Scorer A', 'Scorer B']);
    expect(detail.findings).toHaveLength(2);
    expect(detail.clock).toMatchObject({ daysLeft: 8, overdue: false });
    const told = (await getDb().select().from(notifications).where(and(eq(notifications.entityId, incident.id), eq(notifications.type, 'incident.recorded')))).map((n) => n.userId);
    expect(told).toEqual(expect.arrayContaining([ds.userId, ro.userId]));
  });

  it('makes each affected system’s review due now when serious, once per system, and a critical one through its finding', async () => {
    const [a, b, calm, worst] = [await makeSystem(ds, { name: 'Trigger A' }), await makeSystem(ds, { name: 'Trigger B' }), await makeSystem(ds, { name: 'Trigger calm' }), await makeSystem(ds, { name: 'Trigger worst' })];
    const serious = await recordIncident(ds, input([a.id, b.id], { title: 'Denied eligible applicants' }), NOW);
    await recordIncident(ds, input([calm.id], { serious: false }), NOW);
    await recordIncident(ds, input([worst.id], { severity: 'critical', title: 'Harm to applicants' }), NOW);
    const due = async (systemId: string) => (await reviewState(getDb(), systemId, NOW)).dueNow.map((t) => [t.reason, t.detail, t.entityType, t.entityId]);
    for (const system of [a, b]) expect(await due(system.id)).toEqual([['serious_incident', `Serious incident ${incidentRef(serious.number)}: Denied eligible applicants`, 'incident', serious.id]]);
    expect(await due(calm.id)).toEqual([]);
    expect((await due(worst.id)).map(([reason, detail]) => [reason, detail])).toEqual([['critical_finding', expect.stringMatching(/^Critical finding F-\d+: Serious incident INC-\d+: Harm to applicants$/)]]);
    expect(reviewTriggerLabel('serious_incident')).toBe('Serious incident');
  });

  it('gives a non-serious incident no deadline and raises no finding', async () => {
    const system = await makeSystem(ds, { name: 'Chat helper', riskTier: 'limited' });
    const incident = await recordIncident(ds, input([system.id], { serious: false, category: 'death' }), NOW);
    expect(incident.reportDeadline).toBeNull();
    expect(incidentDeadline(incident, NOW)).toEqual({ deadline: null, daysLeft: null, hoursLeft: null, overdue: false, met: null });
    expect(await getDb().select().from(findings).where(like(findings.dedupeKey, `incident:${incident.id}:%`))).toEqual([]);
  });

  it('refuses awareness in the future, auditors and retired systems, and writes nothing', async () => {
    const live = await makeSystem(ds, { name: 'Live scorer' });
    const retired = await makeSystem(ds, { name: 'Old scorer' });
    await retireSystem(ds, retired.id, { reason: 'Replaced.' });
    const before = await auditCount();
    const incidentsBefore = first(await getDb().select({ n: count() }).from(incidents).limit(1))!.n;
    const future = async () => await recordIncident(ds, input([live.id], { awareAt: '2026-01-30T12:00:01.000Z' }), NOW);
    await expect(future).rejects.toThrow(Invalid);
    await expect(async () => await recordIncident(auditor, input([live.id]), NOW)).rejects.toThrow(Forbidden);
    await expect(async () => await recordIncident(ds, input([live.id, retired.id]), NOW)).rejects.toThrow(Conflict);
    expect(await auditCount()).toBe(before);
    expect(first(await getDb().select({ n: count() }).from(incidents).limit(1))!.n).toBe(incidentsBefore);
  });
});

describe('working an incident', () => {
  it('recomputes the deadline when the category changes, audited with before and after', async () => {
    const system = await makeSystem(ds, { name: 'Grid balancer' });
    const incident = await recordIncident(ds, input([system.id]), NOW);
    const updated = await updateIncident(ro, incident.id, { category: 'widespread_or_critical_infrastructure', affectedPeople: 'A region of 40,000 households' }, NOW);
    expect(updated.reportDeadline).toBe('2026-01-30T10:00:00.000Z');
    expect(incidentDeadline(updated, NOW)).toMatchObject({ overdue: true, hoursLeft: -2 });
    const event = first(await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityId, incident.id), eq(auditEvents.action, 'incident.updated'))).limit(1))!;
    expect(JSON.parse(event.before!)).toEqual({ category: 'general', affectedPeople: '212 applicants', reportDeadline: '2026-02-12T10:00:00.000Z' });
    expect(JSON.parse(event.after!)).toMatchObject({ category: 'widespread_or_critical_infrastructure', reportDeadline: '2026-01-30T10:00:00.000Z' });
    await expect(async () => await updateIncident(otherDs, incident.id, { severity: 'low' }, NOW)).rejects.toThrow(Forbidden);
    await expect(async () => await updateIncident(auditor, incident.id, { severity: 'low' }, NOW)).rejects.toThrow(Forbidden);
  });

  it('keeps an append-only timeline: no future actions, and the database refuses edits and deletions', async () => {
    const system = await makeSystem(ds, { name: 'Triage bot' });
    const incident = await recordIncident(ds, input([system.id]), NOW);
    const action = await addIncidentAction(ds, incident.id, { text: 'Switched the scorer to manual review.', at: '2026-01-29T09:00:00.000Z' }, NOW);
    await expect(async () => await addIncidentAction(ds, incident.id, { text: 'Later.', at: '2026-01-31T00:00:00.000Z' }, NOW)).rejects.toThrow(Invalid);
    // Awareness was 2026-01-28 10:00: an action a minute before it is refused on its field, one at that moment is kept.
    const early = await (async () => { try { await addIncidentAction(ds, incident.id, { text: 'Before we knew.', at: '2026-01-28T09:59:00.000Z' }, NOW); } catch (error) { return error as Invalid; } })();
    expect(early).toBeInstanceOf(Invalid);
    expect(early!.issues).toEqual([{ path: 'at', message: expect.stringContaining('before the organisation became aware of the incident (2026-01-28 10:00 UTC)') }]);
    await addIncidentAction(ds, incident.id, { text: 'Opened the ticket.', at: '2026-01-28T10:00:00.000Z' }, NOW);
    await expect(async () => await addIncidentAction(auditor, incident.id, { text: 'Audit note.', at: '2026-01-29T10:00:00.000Z' }, NOW)).rejects.toThrow(Forbidden);
    expect(await refusal(async () => await unguardedWriter().update(incidentActions).set({ text: 'Nothing happened.' }).where(eq(incidentActions.id, action.id)))).toMatch(/append-only/);
    expect(await refusal(async () => await unguardedWriter().delete(incidentActions).where(eq(incidentActions.id, action.id)))).toMatch(/append-only/);
    expect((await getIncident(ds, incident.id, NOW)).actions.map((a) => [a.text, a.actorName])).toEqual([['Opened the ticket.', ds.name], ['Switched the scorer to manual review.', ds.name]]);
  });

  it('marks a report once, never before awareness, and closes a serious incident only after its report', async () => {
    const system = await makeSystem(ds, { name: 'Claims scorer' });
    const incident = await recordIncident(ds, input([system.id]), NOW);
    await expect(async () => await closeIncident(ds, incident.id, { closingNote: 'Fixed.' }, NOW)).rejects.toThrow(Conflict);
    await expect(async () => await markIncidentReported(ds, incident.id, { reportedAt: '2026-01-27T00:00:00.000Z', authorityReference: 'MSA-1' }, NOW)).rejects.toThrow(Invalid);
    const reported = await markIncidentReported(ds, incident.id, { reportedAt: '2026-01-29T15:00:00.000Z', authorityReference: 'MSA-2026-0042' }, NOW);
    expect(incidentDeadline(reported, NOW)).toMatchObject({ met: true, overdue: false });
    await expect(async () => await markIncidentReported(ro, incident.id, { reportedAt: '2026-01-29T16:00:00.000Z', authorityReference: 'MSA-again' }, NOW)).rejects.toThrow(Conflict);
    // Reported, the category that set the deadline the report was judged against is fixed; the rest may still be told.
    await expect(async () => await updateIncident(ds, incident.id, { category: 'death' }, NOW)).rejects.toThrow(/no longer changes/);
    expect((await getIncident(ds, incident.id, NOW)).reportDeadline).toBe(reported.reportDeadline);
    await updateIncident(ds, incident.id, { affectedPeople: 'Two claimants, both contacted.' }, NOW);
    await closeIncident(ds, incident.id, { closingNote: 'Scorer retrained and re-approved.' }, NOW);
    await expect(async () => await closeIncident(ro, incident.id, { closingNote: 'Again.' }, NOW)).rejects.toThrow(Conflict);
    await expect(async () => await addIncidentAction(ro, incident.id, { text: 'After closing.', at: '2026-01-30T00:00:00.000Z' }, NOW)).rejects.toThrow(Conflict);
    expect((await getIncident(ds, incident.id, NOW)).actions.at(-1)!.text).toBe('Closed: Scorer retrained and re-approved.');
  });

  it('is owned only by an active person who can work it: an auditor, who could never move it, is refused on the field', async () => {
    const system = await makeSystem(ds, { name: 'Owner check' });
    const refused = await recordIncident(ds, input([system.id], { ownerId: auditor.userId }), NOW).then(() => null, (error: Invalid) => error);
    expect(refused).toBeInstanceOf(Invalid);
    expect(refused!.issues).toEqual([{ path: 'ownerId', message: expect.stringContaining('not an auditor') }]);
    expect((await recordIncident(ds, input([system.id], { ownerId: ro.userId }), NOW)).ownerId).toBe(ro.userId);
  });

  it('lists open incidents with the nearest deadline first, closed ones last', async () => {
    const system = await makeSystem(ds, { name: 'List order' });
    const later = await recordIncident(ds, input([system.id], { title: 'Later one' }), NOW);
    const sooner = await recordIncident(ds, input([system.id], { title: 'Sooner one', category: 'widespread_or_critical_infrastructure' }), NOW);
    const minor = await recordIncident(ds, input([system.id], { title: 'Minor one', serious: false }), NOW);
    const ids = (await listIncidents(ro, { systemId: system.id, page: 1, pageSize: 10 }, NOW)).items.map((i) => i.id);
    expect(ids).toEqual([sooner.id, later.id, minor.id]);
  });
});

describe('the incidents API', () => {
  const post = (token: string, body: unknown) =>
    collection.POST(new NextRequest('http://localhost/api/v1/incidents', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });

  it('needs the findings:write scope to record, and answers field-level 400s', async () => {
    const system = await makeSystem(ds, { name: 'API scorer' });
    const readOnly = (await createApiToken(systemActor('test'), ds.userId, { name: 'read', scopes: ['read'] })).secret;
    const writer = (await createApiToken(systemActor('test'), ds.userId, { name: 'write', scopes: ['findings:write'] })).secret;
    const body = { title: 'API incident', description: 'Seen by a pipeline.', systemIds: [system.id], severity: 'medium', serious: true, awareAt: '2026-01-01' };
    expect((await post(readOnly, body)).status).toBe(403);
    const created = await post(writer, body);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ reportDeadline: '2026-01-16T00:00:00.000Z', status: 'open' });
    const bad = await post(writer, { ...body, awareAt: '2999-01-01', severity: 'apocalyptic' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['severity']);
    const future = await post(writer, { ...body, awareAt: '2999-01-01' });
    expect(future.status).toBe(400);
    expect((await future.json()).error.issues).toEqual([{ path: 'awareAt', message: 'Cannot be in the future.' }]);
  });

  it('moves an incident on through PATCH: facts and status never in one request, a read token refused, a replayed report a 409', async () => {
    const system = await makeSystem(ds, { name: 'Patched scorer' });
    const incident = await recordIncident(ds, input([system.id]), NOW);
    const writer = (await createApiToken(systemActor('test'), ds.userId, { name: 'patch', scopes: ['findings:write'] })).secret;
    const reader = (await createApiToken(systemActor('test'), ds.userId, { name: 'reader', scopes: ['read'] })).secret;
    const patch = (token: string, body: unknown) =>
      item.PATCH(new NextRequest(`http://localhost/api/v1/incidents/${incident.id}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }), { params: Promise.resolve({ id: incident.id }) });
    const report = { status: 'reported', reportedAt: '2026-01-29 08:00', authorityReference: 'MSA-77' };
    expect((await patch(reader, report)).status).toBe(403);
    const mixed = await patch(writer, { ...report, severity: 'low' });
    expect(mixed.status).toBe(400);
    expect((await mixed.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['severity']);
    const missing = await patch(writer, { status: 'reported' });
    expect((await missing.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['reportedAt', 'authorityReference']);
    // A field of another move is refused, never dropped: the report's date without its status left the incident unreported.
    for (const [body, paths] of [[{ reportedAt: '2026-01-29 08:00', authorityReference: 'MSA-77' }, ['reportedAt', 'authorityReference']], [{ closingNote: 'We closed it.' }, ['closingNote']], [{ status: 'closed', closingNote: 'Done.', reportedAt: '2026-01-29 08:00', authorityReference: 'MSA-78' }, ['reportedAt', 'authorityReference']]] as const) {
      const stray = await patch(writer, body);
      expect(stray.status).toBe(400);
      expect((await stray.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(paths);
    }
    const done = await patch(writer, report);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ status: 'reported', reportedAt: '2026-01-29T08:00:00.000Z', authorityReference: 'MSA-77' });
    expect((await patch(writer, report)).status).toBe(409);
  });

  it('refuses an owner who is not an active user', async () => {
    const system = await makeSystem(ds, { name: 'Owner check' });
    const gone = await makeActor(['risk_officer']);
    await unguardedWriter().update(users).set({ disabled: true }).where(eq(users.id, gone.userId));
    for (const ownerId of [gone.userId, 'no-such-user']) await expect(async () => await recordIncident(ds, { ...input([system.id]), ownerId }, NOW)).rejects.toThrow(Invalid);
  });
});
