import { hash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withTransaction } from '@/db';
import { type Actor, systemActor } from '@/lib/auth/actor';
import { createApiToken, ZCreateApiTokenInput } from '@/lib/auth/create-api-token';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { canonicalJson } from '@/lib/canonical-json';
import { Invalid } from '@/lib/errors';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { toDomainError } from '@/lib/http/to-domain-error';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { createSystem } from '@/lib/inventory/create-system';
import { retireSystem } from '@/lib/inventory/retire-system';
import { ZCreateDatasetInput, ZCreateDatasetVersionInput, ZCreateModelInput, ZCreateModelVersionInput, ZCreateSystemInput, ZRetireSystemInput, ZUpdateModelInput, ZUpdateSystemInput } from '@/lib/inventory/schemas';
import { updateModel } from '@/lib/inventory/update-model';
import { updateSystem } from '@/lib/inventory/update-system';
import { recordRun } from '@/lib/lineage/record-run';
import { reportDeployment } from '@/lib/lineage/report-deployment';
import { ZRecordRunInput, ZReportDeploymentInput } from '@/lib/lineage/schemas';
import { makeActor } from '@/lib/testing';
import { countRows, onPostgres, sqlRows, sqlRun, sqlValue, withoutAppendOnlyTriggers } from '@/lib/testing-sql';
import { createUser } from '@/lib/users/create-user';
import { ZCreateUserInput, ZUpdateUserInput } from '@/lib/users/schemas';
import { updateUser } from '@/lib/users/update-user';
import { AUDIT_JSON_MAX_BYTES, AUDIT_TEXT_MAX } from './audit-text';
import { appendingTogether, recordAudit } from './record-event';
import { verifyAuditChain } from './verify-chain';

/** Texts as they arrive after a JSON body, a form or a header has been decoded: each must hash as it is stored. */
const HOSTILE = {
  loneHigh: 'ghost\ud800',
  loneLow: 'tail\udfff',
  reversedPair: 'rev\udc00\ud800',
  highAtEnd: 'cut\ud83d',
  nul: 'nul\u0000byte',
  // Overlong '/' (C0 AF), an overlong NUL (C0 80) and a CESU-8 surrogate (ED A0 80) decoded by TextDecoder and as Latin-1.
  overlongUtf8: new TextDecoder().decode(Uint8Array.from([0x2f, 0xc0, 0xaf, 0xc0, 0x80, 0xed, 0xa0, 0x80])),
  overlongLatin1: Buffer.from([0xc0, 0xaf, 0xc0, 0x80, 0xed, 0xa0, 0x80]).toString('latin1'),
  nfc: 'caf\u00e9 \u00c5',
  nfd: 'cafe\u0301 A\u030a',
  mixedNormalisation: '\u00e9e\u0301 \u212b\u00c5 \ufb01',
  controlsAndBidi: 'bell\u0007 esc\u001b rlo\u202e zwj\u200d nonchar\uffff\ufffe',
  astral: 'emoji \u{1f600} \u{10ffff}',
} as const;

type StoredRow = { seq: number; actor_label: string; actor_id: string | null; entity_type: string; entity_id: string | null; before: string | null; after: string | null; ip: string | null; user_agent: string | null; action: string };
const STORED_TEXT = ['actor_label', 'actor_id', 'entity_type', 'entity_id', 'before', 'after', 'ip', 'user_agent'] as const;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const eventsSince = (seq: number) => sqlRows<StoredRow>(sql`SELECT * FROM audit_events WHERE seq > ${seq} ORDER BY seq`);
const headSeq = async () => Number((await sqlValue<number | null>(sql`SELECT max(seq) FROM audit_events`)) ?? 0);
/** The bytes a text column holds: SQLite's as stored, PostgreSQL's as UTF-8 (the encoding start-up insists on). */
const storedBytes = (column: string) => (onPostgres ? sql`convert_to(${sql.identifier(column)}, 'UTF8')` : sql`CAST(${sql.identifier(column)} AS BLOB)`);

/** The bytes the database holds for every text column are valid UTF-8, so they read back as the string that was hashed. */
async function expectWellFormedBytes(since: number) {
  const columns = sql.join(STORED_TEXT.map((c) => sql`${storedBytes(c)} AS ${sql.identifier(c)}`), sql`, `);
  const rows = await sqlRows<Record<string, Buffer | null> & { seq: number }>(sql`SELECT seq, ${columns} FROM audit_events WHERE seq > ${since}`);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    for (const column of STORED_TEXT) {
      const blob = row[column];
      if (blob) expect(() => strictUtf8.decode(blob), `seq ${row.seq} ${column}`).not.toThrow();
    }
  }
}

async function expectChainIntact() {
  const result = await verifyAuditChain();
  expect(result, `first broken at ${result.firstBrokenSeq}: ${result.reason}`).toMatchObject({ ok: true, firstBrokenSeq: null });
}

/** PostgreSQL text cannot hold U+0000, which SQLite stores as given. */
const unstorable = (value: string) => onPostgres && value.includes('\u0000');
/** PostgreSQL jsonb cannot hold a lone surrogate (JSON.stringify writes it as an escape), which SQLite's JSON text keeps. */
const unstorableInJson = (value: string) => onPostgres && !value.isWellFormed();

/**
 * What PostgreSQL does with text it cannot store: the database refuses the statement, which the API answers with a
 * 400 (toDomainError gives Invalid); the change rolls back and the trail is untouched.
 */
async function expectRefused(change: () => Promise<unknown>, message: RegExp) {
  const head = await headSeq();
  const error = await change().then(() => null, (e: unknown) => e);
  const mapped = toDomainError(error);
  expect(mapped, String(error)).toBeInstanceOf(Invalid);
  expect(mapped!.message).toMatch(message);
  expect(await headSeq()).toBe(head);
}

const sha = (n: number) => hash('sha256', `artifact ${n}`, 'hex');

describe('hostile text reaching the audit trail', () => {
  it('records exactly what it hashed: read back, every text equals the hashed value, NUL and normalisation kept', async () => {
    const since = await headSeq();
    for (const value of Object.values(HOSTILE)) {
      const actor = { ...systemActor(value), ip: value, userAgent: value };
      const record = () => withTransaction(async (tx) => await recordAudit(tx, actor, { action: 'system.updated', entityType: value, entityId: value, before: { [value]: value }, after: [value, { nested: value }] }));
      if (unstorable(value)) {
        await expectRefused(record, /NUL/);
        continue;
      }
      const row = await record();
      const stored = (await eventsSince(row.seq - 1))[0]!;
      expect({ label: stored.actor_label, ip: stored.ip, ua: stored.user_agent, type: stored.entity_type, id: stored.entity_id, before: stored.before, after: stored.after }).toEqual({
        label: row.actorLabel, ip: row.ip, ua: row.userAgent, type: row.entityType, id: row.entityId, before: row.before, after: row.after,
      });
      const wellFormed = value.toWellFormed();
      expect(stored.actor_label).toBe(wellFormed);
      expect(JSON.parse(stored.after!)).toEqual([wellFormed, { nested: wellFormed }]);
    }
    const rows = await eventsSince(since);
    if (onPostgres) expect(rows.some((r) => r.actor_label.includes('\u0000'))).toBe(false);
    else expect(rows.find((r) => r.actor_label === HOSTILE.nul)!.user_agent).toBe('nul\u0000byte');
    expect(rows.find((r) => r.actor_label === HOSTILE.nfd)!.entity_id).toBe(HOSTILE.nfd);
    expect(rows.find((r) => r.actor_label === HOSTILE.nfc)!.entity_id).toBe(HOSTILE.nfc);
    expect(rows.find((r) => r.actor_label === HOSTILE.mixedNormalisation)!.ip).toBe(HOSTILE.mixedNormalisation);
    expect(rows.find((r) => r.actor_label === 'ghost\ufffd')).toBeDefined();
    await expectWellFormedBytes(since);
    await expectChainIntact();
  });

  it('records hostile texts appended together (one JSON parameter, written just before commit) exactly as it hashed them', async () => {
    const since = await headSeq();
    const values = Object.values(HOSTILE).filter((value) => !unstorable(value));
    const appendAll = (texts: string[]) =>
      withTransaction(async (tx) =>
        await appendingTogether(tx, async () => {
          const rows = [];
          for (const value of texts) rows.push(await recordAudit(tx, { ...systemActor(value), ip: value, userAgent: value }, { action: 'system.updated', entityType: value, entityId: value, before: { [value]: value }, after: [value, { nested: value }] }));
          return rows;
        }),
      );
    const rows = await appendAll(values);
    const stored = await eventsSince(since);
    expect(stored.map((r) => ({ seq: Number(r.seq), label: r.actor_label, ip: r.ip, ua: r.user_agent, type: r.entity_type, id: r.entity_id, before: r.before, after: r.after }))).toEqual(
      rows.map((r) => ({ seq: r.seq, label: r.actorLabel, ip: r.ip, ua: r.userAgent, type: r.entityType, id: r.entityId, before: r.before, after: r.after })),
    );
    if (!onPostgres) expect(stored.find((r) => r.actor_label === HOSTILE.nul)!.user_agent).toBe('nul\u0000byte');
    // PostgreSQL refuses a NUL inside the JSON parameter as it does in a plain one: the batch rolls back whole.
    else await expectRefused(() => appendAll([HOSTILE.nfc, HOSTILE.nul]), /NUL/);
    await expectWellFormedBytes(since);
    await expectChainIntact();
  });

  it('keeps the chain intact through failed and successful sign-ins with hostile emails, addresses and user agents', async () => {
    const since = await headSeq();
    for (const [name, value] of Object.entries(HOSTILE)) {
      const email = `${value}@example.com`;
      const attempt = () => signInWithPassword({ email, password: 'wrong password' }, { ip: `ip ${value}`, userAgent: value });
      if (unstorable(value)) {
        await expectRefused(attempt, /NUL/);
        continue;
      }
      expect(await attempt()).toBeNull();
      const failed = (await eventsSince((await headSeq()) - 1))[0]!;
      expect(failed, name).toMatchObject({ action: 'auth.sign_in_failed', ip: `ip ${value.toWellFormed()}`, user_agent: value.toWellFormed() });
      expect(failed.actor_label.isWellFormed()).toBe(true);
    }
    const user = await makeActor(['auditor']);
    const signedIn = await signInWithPassword({ email: user.email, password: 'correct horse battery staple' }, { ip: HOSTILE.reversedPair, userAgent: HOSTILE.loneLow });
    expect(signedIn?.id).toBe(user.userId);
    expect((await eventsSince((await headSeq()) - 1))[0]).toMatchObject({ action: 'auth.signed_in', ip: 'rev\ufffd\ufffd', user_agent: 'tail\ufffd' });
    await expectWellFormedBytes(since);
    await expectChainIntact();
  });

  it('bounds labels, addresses and user agents of any length', async () => {
    const since = await headSeq();
    const email = `${'\u{1f600}'.repeat(60_000)}\ud800@example.com`;
    await signInWithPassword({ email, password: 'wrong password' }, { ip: '9'.repeat(10_000), userAgent: `Mozilla ${'é'.repeat(100_000)}` });
    const [event] = await eventsSince(since);
    for (const column of ['actor_label', 'ip', 'user_agent'] as const) {
      expect(event![column]!.length).toBeLessThanOrEqual(AUDIT_TEXT_MAX);
      expect(event![column]!.endsWith('…')).toBe(true);
      expect(event![column]!.isWellFormed()).toBe(true);
    }
    expect(event!.actor_label.startsWith('\u{1f600}'.repeat(100))).toBe(true);
    await expectWellFormedBytes(since);
    await expectChainIntact();
  });

  it('keeps the chain intact through every inventory, evidence, lineage, deployment, token and user verb', async () => {
    const since = await headSeq();
    const scientist = await makeActor(['data_scientist']);
    const admin = await makeActor(['admin']);
    let n = 0;
    let stored = 0;
    for (const [name, value] of Object.entries(HOSTILE)) {
      const actor: Actor = { ...scientist, ip: value, userAgent: value };
      if (unstorable(value)) {
        await expectRefused(() => createSystem(actor, ZCreateSystemInput.parse({ name: `system ${value}`, purpose: `purpose ${value}`, intendedUse: value, riskTier: 'minimal' })), /NUL/);
        expect(await countRows('ai_systems', sql`name LIKE 'system nul%'`)).toBe(0);
        continue;
      }
      const system = await createSystem(actor, ZCreateSystemInput.parse({ name: `system ${value}`, purpose: `purpose ${value}`, intendedUse: value, riskTier: 'minimal' }));
      await updateSystem(actor, system.id, ZUpdateSystemInput.parse({ purpose: `updated ${value}`, limitations: value }));
      const model = await createModel(actor, ZCreateModelInput.parse({ systemId: system.id, name: `model ${value}`, description: value }));
      await updateModel(actor, model.id, ZUpdateModelInput.parse({ description: `updated ${value}`, task: value }));
      const version = await createModelVersion(actor, ZCreateModelVersionInput.parse({ modelId: model.id, version: `1.${n} ${value}`, artifactSha256: sha(n), format: 'safetensors', uri: `s3://bucket/${value}`, license: value }));
      const datasetInput = (text: string) => ZCreateDatasetInput.parse({ systemId: system.id, namespace: `ns ${value}`, name: `dataset ${name}`, description: value, datasheet: { [`key ${text}`]: text } });
      const runInput = (text: string) => ZRecordRunInput.parse({ externalRunId: `run ${value}`, jobNamespace: `jobs ${value}`, jobName: `train ${value}`, parameters: { [text]: text } });
      if (unstorableInJson(value)) {
        await expectRefused(() => createDataset(actor, datasetInput(value)), /surrogate/);
        await expectRefused(() => recordRun(actor, runInput(value)), /surrogate/);
      }
      // Where the database refused the JSON, the rest goes on with it well-formed; every text column still gets `value`.
      const json = unstorableInJson(value) ? value.toWellFormed() : value;
      const dataset = await createDataset(actor, datasetInput(json));
      await createDatasetVersion(actor, dataset.id, ZCreateDatasetVersionInput.parse({ version: `v ${value}`, uri: `file:///${value}` }));
      await recordEvaluation(actor, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind: 'performance', environment: 'staging', producer: value, summary: `summary ${value}`, artifactSha256: sha(n), metrics: [{ name: `metric ${value}`, value: 0.5 }] }));
      await recordRun(actor, runInput(json));
      await reportDeployment(actor, ZReportDeploymentInput.parse({ environment: 'staging', endpoint: `https://serve.example/${value}`, reportedSha256: sha(n), modelVersionId: version.id }));
      await createApiToken(actor, actor.userId, ZCreateApiTokenInput.parse({ name: `token ${value}`, scopes: ['read'] }));
      await updateUser({ ...admin, userAgent: value }, scientist.userId, ZUpdateUserInput.parse({ name: `scientist ${value}` }));
      await createUser({ ...admin, ip: value }, ZCreateUserInput.parse({ email: `user-${n}@hostile.example`, name: `user ${value}`, roles: ['auditor'], password: 'a long enough password' }));
      await retireSystem(actor, system.id, ZRetireSystemInput.parse({ reason: `retired ${value}` }));
      n += 1;
      stored += 1;
    }
    const events = await eventsSince(since);
    expect(stored).toBe(Object.keys(HOSTILE).length - (onPostgres ? 1 : 0));
    expect(events.length).toBeGreaterThanOrEqual(14 * stored);
    const nfd = events.find((e) => e.action === 'system.created' && e.after!.includes(HOSTILE.nfd))!;
    expect(JSON.parse(nfd.after!).purpose).toBe(`purpose ${HOSTILE.nfd}`);
    expect(nfd.user_agent).toBe(HOSTILE.nfd);
    await expectWellFormedBytes(since);
    await expectChainIntact();
  });

  it('stores a digest and a preview, not megabytes, for an oversized before/after', async () => {
    const since = await headSeq();
    const actor = await makeActor(['data_scientist']);
    const parameters = { blob: `${'x'.repeat(5_000_000)}\ud800`, learningRate: 0.01 };
    // The API refuses parameters over 64 KiB (lineage/bounds); the verb, as the CLI or seed would call it, is what is tested here.
    const run = (p: typeof parameters) => recordRun(actor, { ...ZRecordRunInput.parse({ externalRunId: 'huge-run', jobNamespace: 'jobs', jobName: 'train' }), parameters: p });
    if (onPostgres) {
      // jsonb cannot hold the lone surrogate: refused there; the well-formed parameters hash the same in the trail.
      await expectRefused(() => run(parameters), /surrogate/);
      await run({ ...parameters, blob: parameters.blob.toWellFormed() });
    } else {
      await run(parameters);
    }
    const datasheet = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`field ${i}`, 'ü'.repeat(1_000)]));
    await createDataset(actor, ZCreateDatasetInput.parse({ namespace: 'ns', name: 'wide datasheet', description: 'kept in full', datasheet }));
    const [recorded, dataset] = (await eventsSince(since)).filter((e) => e.action === 'run.recorded' || e.action === 'dataset.created');
    for (const event of [recorded!, dataset!]) expect(Buffer.byteLength(event.after!, 'utf8')).toBeLessThanOrEqual(AUDIT_JSON_MAX_BYTES);
    const runAfter = JSON.parse(recorded!.after!);
    expect(runAfter.jobName).toBe('train');
    expect(runAfter.parameters).toMatchObject({ truncated: true, sha256: hash('sha256', canonicalJson({ ...parameters, blob: parameters.blob.toWellFormed() }), 'hex') });
    expect(runAfter.parameters.bytes).toBeGreaterThan(5_000_000);
    expect(runAfter.parameters.preview.startsWith('{"blob":"xxx')).toBe(true);
    const datasetAfter = JSON.parse(dataset!.after!);
    expect(datasetAfter.description).toBe('kept in full');
    expect(datasetAfter.datasheet.truncated).toBe(true);
    const largest = await sqlValue(onPostgres ? sql`SELECT max(octet_length(after)) FROM audit_events` : sql`SELECT max(length(CAST(after AS BLOB))) FROM audit_events`);
    expect(Number(largest)).toBeGreaterThan(0);
    expect(Number(largest)).toBeLessThanOrEqual(AUDIT_JSON_MAX_BYTES);
    await expectChainIntact();
  }, 60_000);

  it('refuses, rolling the whole change back, an event that would not read back as it was hashed', async () => {
    const actor = await makeActor(['data_scientist']);
    const events = await headSeq();
    const systems = () => countRows('ai_systems', sql`name = 'Rewritten on the way in'`);
    // Something between the statement and the disk that changes the bytes: here a trigger, in the past an encoder.
    await withoutAppendOnlyTriggers('audit_events', async () => {
      if (onPostgres) {
        await sqlRun(sql`CREATE FUNCTION rewrite_label() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE audit_events SET actor_label = 'someone else' WHERE seq = NEW.seq; RETURN NULL; END $$`);
        await sqlRun(sql`CREATE TRIGGER rewrite_label AFTER INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION rewrite_label()`);
      } else {
        await sqlRun(sql`CREATE TEMP TRIGGER rewrite_label AFTER INSERT ON main.audit_events BEGIN UPDATE audit_events SET actor_label = 'someone else' WHERE seq = NEW.seq; END`);
      }
      try {
        await expect(async () => await createSystem(actor, ZCreateSystemInput.parse({ name: 'Rewritten on the way in', purpose: 'x', riskTier: 'minimal' }))).rejects.toThrow(/actorLabel would not read back as it was hashed/);
      } finally {
        if (onPostgres) {
          await sqlRun(sql`DROP TRIGGER rewrite_label ON audit_events`);
          await sqlRun(sql`DROP FUNCTION rewrite_label()`);
        } else {
          await sqlRun(sql`DROP TRIGGER temp.rewrite_label`);
        }
      }
    });
    expect(await systems()).toBe(0);
    expect(await headSeq()).toBe(events);
    await expectChainIntact();
  });
});
