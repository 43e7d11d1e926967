import { Document } from '@react-pdf/renderer';
import { sql } from 'drizzle-orm';
import { createElement } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '@/db';
import { acknowledgeBreak } from '@/lib/audit/acknowledge-break';
import { eventHash } from '@/lib/audit/hash';
import { recordAudit } from '@/lib/audit/record-event';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { type Actor, systemActor } from '@/lib/auth/actor';
import { renderPdfToBuffer } from '@/lib/pdf/render-pdf';
import { makeActor } from '@/lib/testing';
import { sqlRows, sqlRun } from '@/lib/testing-sql';
import type { PackData } from '../collect-pack-data';
import { pageBoxes, readPdfPages } from '../testing';
import { CoverPage } from './cover-page';

const PASSWORD = 'correct horse battery staple';

/** A row as recordAudit stored it before audit texts were made well-formed: hashed as UTF-16, stored as other bytes. */
async function appendLegacyBrokenEvent() {
  await withTransaction(async (tx) => await recordAudit(tx, systemActor('test'), { action: 'system.updated', entityType: 'ai_system', entityId: 's1' }));
  const [last] = await sqlRows<{ seq: number; hash: string }>(sql`SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`);
  const fields = { seq: last!.seq + 1, at: new Date().toISOString(), actorType: 'system', actorId: null, actorLabel: 'ghost\ud800@example.com', action: 'auth.sign_in_failed', entityType: 'user', entityId: null, before: null, after: null, ip: null, userAgent: null };
  const row = { ...fields, prevHash: last!.hash, hash: eventHash(last!.hash, fields) };
  await sqlRun(sql`INSERT INTO audit_events (seq, at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, user_agent, prev_hash, hash)
    VALUES (${row.seq}, ${row.at}, ${row.actorType}, ${row.actorId}, ${row.actorLabel}, ${row.action}, ${row.entityType}, ${row.entityId}, ${row.before}, ${row.after}, ${row.ip}, ${row.userAgent}, ${row.prevHash}, ${row.hash})`);
  return fields.seq;
}

/** The cover alone, from the real verification of the test database; the counts it prints do not matter here. */
async function coverText() {
  const data = { chain: await verifyAuditChain(), pack: { id: 'pack-1', periodFrom: null, periodTo: null }, promotions: [], evidence: [], systems: [], versions: [], deployments: [], integrityChecks: [], auditEvents: [], people: [{ id: admin.userId, name: admin.name, email: admin.email, address: admin.email }] } as unknown as PackData;
  const pdf = await renderPdfToBuffer(createElement(Document, null, createElement(CoverPage, { data, scopeLabel: 'Whole inventory', requester: 'Ann Auditor', generatedAt: new Date().toISOString(), footer: { label: 'Evidence pack' } })));
  expect(pageBoxes(pdf)).toEqual(['0 0 595.280029 841.890015']);
  return (await readPdfPages(pdf)).join('\n').replace(/\s+/g, ' ');
}

let admin: Actor;
beforeAll(async () => {
  admin = await makeActor(['admin']);
});

describe('the evidence-pack cover', () => {
  it('names an unacknowledged break', async () => {
    const seq = await appendLegacyBrokenEvent();
    expect(await coverText()).toContain(`BROKEN at sequence ${seq}: hash does not match the event contents`);
  });

  it('shows acknowledged breaks with who, when and why, and counts those that do not fit on the page', async () => {
    const first = (await verifyAuditChain()).firstBrokenSeq!;
    const acknowledgement = await acknowledgeBreak(admin, { seq: first, reason: 'Failed sign-in stored before the fix; the row was never edited.', password: PASSWORD });
    let text = await coverText();
    expect(text).toMatch(/Intact except 1 acknowledged break, listed below: all \d+ events re-hashed and linked/);
    expect(text).toContain(`Sequence ${first}: hash does not match the event contents`);
    expect(text).toContain(`Acknowledged by ${admin.name} (${admin.email}) at ${acknowledgement.acknowledgedAt.replace('T', ' ').slice(0, 19)} UTC (event ${acknowledgement.acknowledgedSeq})`);
    expect(text).toContain('Failed sign-in stored before the fix; the row was never edited.');

    for (let i = 0; i < 5; i++) {
      const seq = await appendLegacyBrokenEvent();
      await acknowledgeBreak(admin, { seq, reason: `Another legacy failed sign-in, number ${i}. ${'Investigated at length. '.repeat(30)}`, password: PASSWORD });
    }
    text = await coverText();
    expect(text).toContain('Intact except 6 acknowledged breaks');
    expect(text).toContain('and 3 more, each an audit.break_acknowledged event');
    expect(text).toContain('Another legacy failed sign-in, number 1.');
    expect(text).not.toContain('Another legacy failed sign-in, number 2.');
  });
});
