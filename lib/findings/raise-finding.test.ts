import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first as firstRow, getDb, withTransaction } from '@/db';
import { auditEvents, findings, findingWaivers, notifications, reviewTriggers } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { FINDING_DEADLINE_DEFAULTS, isoDateAfter } from './deadlines';
import { listAuditLedger } from '@/lib/audit/queries';
import { ZListAuditQuery } from '@/lib/audit/schemas';
import { getFinding } from './finding-detail';
import { findingRef, raiseFindingInTx, type RaiseFindingInput } from './raise-finding';
import { waiveFinding } from './waive-finding';

const NOW = new Date('2026-06-01T10:00:00Z');
const LATER = new Date('2026-06-20T10:00:00Z');
let systemId: string;
let versionId: string;
let ds: Actor;
let ro: Actor;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, ro] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer'])]);
  systemId = (await makeSystem(ds, { riskTier: 'minimal' })).id;
  versionId = (await createModelVersion(ds, { modelId: (await createModel(ds, { systemId, name: 'scorer' })).id, version: '1.0.0', artifactSha256: 'b'.repeat(64), format: 'onnx' })).id;
});

const raise = async (input: Partial<RaiseFindingInput>, now: Date) =>
  await withTransaction(async (tx) =>
    await raiseFindingInTx(
      tx,
      systemActor('monitoring'),
      { type: 'monitoring_breach', severity: 'medium', title: 'psi of amount ≥ 0.1', description: 'Drift.', subjectType: 'model_version', subjectId: versionId, source: 'monitoring', dedupeKey: `monitoring:${versionId}:psi:amount`, ...input },
      now,
    ));

describe('a repeat of a known problem', () => {
  it('keeps title and due date when it is no worse, and takes the worse title, the earlier due date and a review when it escalates', async () => {
    const first = (await raise({}, NOW)).finding;
    expect(first.dueDate).toBe(isoDateAfter(NOW, FINDING_DEADLINE_DEFAULTS.medium));
    const milder = (await raise({ severity: 'low', title: 'other' }, LATER)).finding;
    expect(milder).toMatchObject({ id: first.id, severity: 'medium', title: first.title, dueDate: first.dueDate, occurrences: 2 });

    const worse = (await raise({ severity: 'critical', title: 'psi of amount ≥ 0.25', description: 'PSI 0.31 on amount breaks the rule psi ≥ 0.25.' }, LATER)).finding;
    expect(worse).toMatchObject({ id: first.id, severity: 'critical', title: 'psi of amount ≥ 0.25', description: 'PSI 0.31 on amount breaks the rule psi ≥ 0.25.', dueDate: isoDateAfter(LATER, FINDING_DEADLINE_DEFAULTS.critical), occurrences: 3 });
    const triggers = await getDb().select().from(reviewTriggers).where(and(eq(reviewTriggers.systemId, systemId), isNull(reviewTriggers.resolvedByReviewId)));
    expect(triggers.map((t) => t.reason)).toEqual(['critical_finding']);
    expect(await getDb().select().from(findings).where(eq(findings.subjectId, versionId))).toHaveLength(1);
  });

  it('shows what the latest repeat reported, not only the first figure, on the page and in the timeline', async () => {
    const key = `monitoring:${versionId}:js_distance:amount`;
    const first = (await raise({ dedupeKey: key, description: 'js_distance of amount was 0.12398 for the window ending 2026-05-31.' }, NOW)).finding;
    expect((await getFinding(ro, first.id, NOW)).latestReport).toBeNull();
    await raise({ dedupeKey: key, description: 'js_distance of amount was 0.207566 for the window ending 2026-06-19.' }, LATER);
    const detail = await getFinding(ro, first.id, LATER);
    expect(detail.description).toBe('js_distance of amount was 0.12398 for the window ending 2026-05-31.');
    expect(detail.latestReport).toEqual({ at: expect.any(String), text: 'js_distance of amount was 0.207566 for the window ending 2026-06-19.' });
    expect(detail.timeline.map((e) => e.detail)).toContain('Seen again (2 occurrences): js_distance of amount was 0.207566 for the window ending 2026-06-19.');
    // A repeat that says what the finding already says adds no text of its own.
    await raise({ dedupeKey: key, description: 'js_distance of amount was 0.12398 for the window ending 2026-05-31.' }, LATER);
    const again = await getFinding(ro, first.id, LATER);
    expect(again.timeline.map((e) => e.detail)).toContain('Seen again (3 occurrences)');
    expect(again.latestReport).toBeNull();
  });

  it('leaves a trace of a worse repeat on the finding, in the owner’s inbox and in the trail, which names each event as it was', async () => {
    const key = `monitoring:${versionId}:psi:merchant_escalation`;
    const first = (await raise({ dedupeKey: key, title: 'psi of merchant ≥ 0.1' }, NOW)).finding;
    const worse = (await raise({ dedupeKey: key, severity: 'high', title: 'psi of merchant ≥ 0.25' }, LATER)).finding;
    const detail = await getFinding(ro, first.id, LATER);
    expect(detail.timeline.map((e) => e.detail)).toContain(`Seen again (2 occurrences); worse than before: severity high (was medium), due ${worse.dueDate} (was ${first.dueDate})`);
    expect(detail.timeline.map((e) => e.detail)).toContain(`Raised as “psi of merchant ≥ 0.1”, medium, due ${first.dueDate}`);
    const told = await getDb().select().from(notifications).where(and(eq(notifications.entityId, first.id), eq(notifications.type, 'finding.recurred')));
    expect(told.map((n) => n.title)).toEqual([`${findingRef(first.number)} psi of merchant ≥ 0.25 happened again (2 times), now high, due ${worse.dueDate}`]);
    const auditor = await makeActor(['auditor']);
    const trail = (await listAuditLedger(auditor, ZListAuditQuery.parse({ entityType: 'finding', entityId: first.id }))).items.map((e) => e.summary);
    expect(trail).toEqual([
      `monitoring reported ${findingRef(first.number)} psi of merchant ≥ 0.25 again, worse: now high, due ${worse.dueDate}`,
      `monitoring raised ${findingRef(first.number)} psi of merchant ≥ 0.1`,
    ]);
  });

  it('ends a waiver it exceeds: a worse repeat of an accepted finding re-opens it and tells the owner; a no-worse one does not', async () => {
    const dedupeKey = `monitoring:${versionId}:psi:merchant`;
    const first = (await raise({ dedupeKey, severity: 'medium' }, NOW)).finding;
    await waiveFinding(ro, first.id, { justification: 'Seasonal.', compensatingControls: 'Manual review.', expiresOn: '2026-08-01', password: 'correct horse battery staple' }, NOW);
    expect((await raise({ dedupeKey, severity: 'medium' }, LATER)).finding.status).toBe('accepted');
    const worse = (await raise({ dedupeKey, severity: 'high', title: 'psi of merchant ≥ 0.2' }, LATER)).finding;
    expect(worse).toMatchObject({ id: first.id, status: 'open', severity: 'high', occurrences: 3 });
    expect(firstRow(await getDb().select().from(findingWaivers).where(eq(findingWaivers.findingId, first.id)).limit(1))).toMatchObject({ endedReason: 'exceeded', endedAt: LATER.toISOString() });
    expect(await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityId, first.id), eq(auditEvents.action, 'finding.reopened')))).toHaveLength(1);
    expect(await getDb().select().from(notifications).where(and(eq(notifications.entityId, first.id), eq(notifications.type, 'finding.reopened'), eq(notifications.userId, first.ownerId)))).toHaveLength(1);
  });
});
