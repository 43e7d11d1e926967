import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPEND_ONLY_TRIGGERS, openDatabase } from './index';
import { APPEND_ONLY_TRIGGERS_PG, missingAppendOnlyTriggersPg, openPostgres, type PgDb } from './postgres';
import * as sqliteSchema from './schema/sqlite';
import * as s from './schema-pg';
import { appliedCount, journal, testDatabasesForThisFile } from './postgres-test-databases';
import { scratchDir } from '@/lib/testing-scratch';

const { baseUrl, createDatabase, open } = testDatabasesForThisFile();

const publicTables = async (pool: pg.Pool) =>
  (await pool.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).rows.map((r) => r.t);

describe('openPostgres', () => {
  it('applies the migrations once, also when two replicas start at the same moment', async () => {
    const url = await createDatabase();
    const [a, b] = await Promise.all([open(url), open(url)]);
    expect(await appliedCount(a.pool)).toBe(journal.entries.length);
    expect(await publicTables(b.pool)).toContain('audit_events');
    const tables = await publicTables(a.pool);
    const again = await open(url);
    expect(await appliedCount(again.pool)).toBe(journal.entries.length);
    expect(await publicTables(again.pool)).toEqual(tables);
    expect(await missingAppendOnlyTriggersPg(again.pool)).toEqual([]);
  });

  it("gives the receipt-ordered tables SQLite's rowid, numbered as rows arrive and never given by an insert", async () => {
    const { pool } = await open(await createDatabase());
    const withRowid = await pool.query<{ t: string; identity: string }>(
      "SELECT table_name AS t, is_identity AS identity FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'rowid' ORDER BY 1",
    );
    // The tables whose queries say ORDER BY ..., rowid (lib/findings, lib/evidence, lib/packs, lib/signing, lib/reviews, lib/promotion).
    expect(withRowid.rows).toEqual(['evaluation_metrics', 'evaluations', 'evidence_packs', 'findings', 'model_signatures', 'monitoring_points'].map((t) => ({ t, identity: 'YES' })));
    await pool.query("INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES ('u1', 'a@example.com', 'A', 'x', '2026-01-01', '2026-01-01')");
    for (const id of ['p2', 'p1', 'p3']) await pool.query(`INSERT INTO evidence_packs (id, scope_type, status, requested_by_id, created_at) VALUES ($1, 'inventory', 'queued', 'u1', '2026-01-01')`, [id]);
    expect((await pool.query('SELECT id FROM evidence_packs ORDER BY rowid')).rows.map((r) => r.id)).toEqual(['p2', 'p1', 'p3']);
    await expect(pool.query("INSERT INTO evidence_packs (id, rowid, scope_type, status, requested_by_id, created_at) VALUES ('p4', 1, 'inventory', 'queued', 'u1', '2026-01-01')")).rejects.toThrow(/rowid/);
  });

  it('refuses to start when an append-only trigger is dropped, disabled or set to fire on replicas only', async () => {
    const url = await createDatabase();
    const { pool } = await open(url);
    await pool.query('DROP TRIGGER signatures_no_delete ON signatures');
    await pool.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update');
    await pool.query('ALTER TABLE signing_keys ENABLE REPLICA TRIGGER signing_keys_no_truncate');
    const refusal = 'Refusing to start: append-only triggers missing (audit_events_no_update, signatures_no_delete, signing_keys_no_truncate). The audit trail cannot be trusted.';
    await expect(openPostgres(url)).rejects.toThrow(refusal);
    const tolerant = await open(url, { requireTriggers: false });
    expect(await missingAppendOnlyTriggersPg(tolerant.pool)).toEqual(['audit_events_no_update', 'signatures_no_delete', 'signing_keys_no_truncate']);
    await pool.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update');
    await pool.query('ALTER TABLE signing_keys ENABLE TRIGGER signing_keys_no_truncate');
    await expect(openPostgres(url)).rejects.toThrow('(signatures_no_delete)');
  });

  it('refuses bad configuration with a message that names it, and never echoes the password', async () => {
    await expect(openPostgres('mysql://u:secret@localhost/db')).rejects.toThrow('must start with postgres://');
    await expect(openPostgres('not a url')).rejects.toThrow('DATABASE_URL is not a URL');
    await expect(openPostgres(baseUrl!, { migrationUrl: 'not a url' })).rejects.toThrow('DATABASE_MIGRATION_URL is not a URL');
    const wrong = new URL(baseUrl!);
    wrong.password = 'not-the-password';
    await expect(openPostgres(wrong.toString())).rejects.toThrow(/password authentication failed/);
    for (const value of ['0', '-1', 'ten', '1.5', '100000']) {
      process.env.DATABASE_POOL_MAX = value;
      await expect(openPostgres(baseUrl!)).rejects.toThrow(`DATABASE_POOL_MAX must be a whole number from 1 to 1000, not "${value}"`);
    }
    delete process.env.DATABASE_POOL_MAX;
    process.env.DATABASE_PREPARED_STATEMENTS = 'yes';
    await expect(openPostgres(baseUrl!)).rejects.toThrow('DATABASE_PREPARED_STATEMENTS must be true or false, not "yes"');
    delete process.env.DATABASE_PREPARED_STATEMENTS;
  });
});

/** Each SQLite append-only trigger's message, read from the SQLite migrations: PostgreSQL must refuse with the same. */
function sqliteMessages(): Map<string, string> {
  const dir = path.join(import.meta.dirname, 'migrations');
  const text = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
  const found = [...text.matchAll(/CREATE TRIGGER (\w+)(?:(?!CREATE TRIGGER)[\s\S])*?RAISE\(ABORT, '((?:[^']|'')*)'\)/g)];
  return new Map(found.map(([, name, message]) => [name!, message!.replaceAll("''", "'")]));
}

const at = '2026-01-01T00:00:00.000Z';
/** One row in every append-only table (and the rows they reference), written through the pg schema. */
async function seedEvidence(db: PgDb) {
  const [user] = await db.insert(s.users).values({ email: 'a@example.com', name: 'A', passwordHash: 'x' }).returning();
  const userId = user!.id;
  await db.insert(s.userEmails).values({ email: 'a@example.com', userId, since: at });
  await db.insert(s.auditEvents).values({ seq: 1, at, actorType: 'system', actorLabel: 'test', action: 'system.created', entityType: 'system', prevHash: '0', hash: '1' });
  const [system] = await db.insert(s.aiSystems).values({ name: 'S', purpose: 'p', ownerId: userId, riskTier: 'high', createdById: userId }).returning();
  const [model] = await db.insert(s.models).values({ systemId: system!.id, name: 'm', createdById: userId }).returning();
  const [version] = await db.insert(s.modelVersions).values({ modelId: model!.id, version: '1', artifactSha256: 'a'.repeat(64), format: 'onnx', registeredById: userId }).returning();
  const [policy] = await db.insert(s.promotionPolicies).values({ riskTier: 'high', targetStage: 'staging', version: 1, rules: {} as never }).returning();
  await db.insert(s.promotionSnapshots).values({ sha256: 'b'.repeat(64), canonicalJson: '{}' });
  const [request] = await db.insert(s.promotionRequests).values({ modelVersionId: version!.id, targetStage: 'staging', requesterId: userId, justification: 'j', policyId: policy!.id, gateResult: {}, snapshotSha256: 'b'.repeat(64) }).returning();
  const signed = { printedName: 'A', role: 'risk_officer' as const, meaning: 'm', signedAt: at };
  await db.insert(s.signatures).values({ ...signed, requestId: request!.id, signerId: userId, decision: 'approve', snapshotSha256: 'b'.repeat(64) });
  await db.insert(s.reviews).values({ ...signed, systemId: system!.id, kind: 'periodic', outcome: 'continue', snapshotSha256: 'b'.repeat(64), nextReviewDate: '2027-01-01', signerId: userId });
  const [incident] = await db.insert(s.incidents).values({ number: 1, title: 't', description: 'd', severity: 'high', serious: false, awareAt: at, ownerId: userId, createdById: userId }).returning();
  await db.insert(s.incidentActions).values({ incidentId: incident!.id, at, text: 'noted' });
  const [finding] = await db.insert(s.findings).values({ number: 1, type: 'limitation', severity: 'high', title: 't', subjectType: 'system', subjectId: system!.id, ownerId: userId, dueDate: '2026-02-01', lastSeenAt: at }).returning();
  await db.insert(s.findingWaivers).values({ ...signed, findingId: finding!.id, justification: 'j', compensatingControls: 'c', expiresAt: '2026-06-01T00:00:00.000Z', signerId: userId });
  await db.insert(s.waiverProposals).values({ ...signed, findingId: finding!.id, justification: 'j', compensatingControls: 'c', expiresOn: '2026-06-01', proposedById: userId });
  await db.insert(s.trustConfigs).values({ version: 1, config: { keys: [], certificateAuthorities: [], trustedRootSha256: null, trustedRootIdentities: [] } });
  await db.insert(s.blobs).values({ sha256: 'c'.repeat(64), size: 1, format: 'other' });
  await db.insert(s.modelSignatures).values({ modelVersionId: version!.id, bundleSha256: 'c'.repeat(64), status: 'verified' });
  await db.insert(s.signingKeys).values({ keyId: 'k1', publicKeyPem: 'PEM' });
  return { userId };
}

/** An update each trigger must refuse (for the signed-terms trigger: naming a signed column, even unchanged). */
const REFUSED_UPDATES: Record<string, string> = {
  finding_waivers_terms_fixed: 'UPDATE finding_waivers SET justification = justification',
  waiver_proposals_terms_fixed: 'UPDATE waiver_proposals SET expires_on = expires_on',
  signing_keys_only_retire: "UPDATE signing_keys SET public_key_pem = 'other'",
};

const KEY_COLUMNS: Record<string, string> = { audit_events: 'seq', promotion_snapshots: 'sha256', user_emails: 'email' };

describe('append-only tables on PostgreSQL', () => {
  let pool: pg.Pool;
  const messages = sqliteMessages();
  beforeAll(async () => {
    const opened = await open(await createDatabase());
    pool = opened.pool;
    await seedEvidence(opened.db);
  });

  const rowTriggers = APPEND_ONLY_TRIGGERS_PG.filter((t) => !t.name.endsWith('_no_truncate'));
  it.each(rowTriggers)('$name refuses with the message SQLite gives', async ({ name, table }) => {
    const message = messages.get(name);
    expect(message, `no SQLite trigger ${name}`).toBeTruthy();
    const key = KEY_COLUMNS[table] ?? 'id';
    const statement = name.endsWith('_no_delete') ? `DELETE FROM ${table}` : (REFUSED_UPDATES[name] ?? `UPDATE ${table} SET ${key} = ${key}`);
    await expect(pool.query(statement)).rejects.toMatchObject({ message });
    expect(Number((await pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)).toBe(1);
  });

  it.each(APPEND_ONLY_TRIGGERS_PG.filter((t) => t.name.endsWith('_no_truncate')))('$name refuses TRUNCATE, even with CASCADE', async ({ name, table }) => {
    const message = messages.get(APPEND_ONLY_TRIGGERS.find((t) => t.startsWith(table) && t.endsWith('_no_delete'))!);
    await expect(pool.query(`TRUNCATE ${table} CASCADE`), name).rejects.toMatchObject({ message });
    expect(Number((await pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)).toBe(1);
  });

  it("lets a waiver end and a proposal be decided without touching their signed terms, and a signing key be retired exactly once", async () => {
    await pool.query(`UPDATE finding_waivers SET ended_at = $1, ended_reason = 'expired'`, [at]);
    await pool.query(`UPDATE waiver_proposals SET status = 'declined', decided_at = $1, decision_reason = 'no'`, [at]);
    await pool.query('UPDATE signing_keys SET retired_at = $1', [at]);
    const retired = await pool.query('SELECT retired_at FROM signing_keys');
    expect(retired.rows).toEqual([{ retired_at: at }]);
    await expect(pool.query('UPDATE signing_keys SET retired_at = $1', ['2026-02-01T00:00:00.000Z'])).rejects.toMatchObject({ message: messages.get('signing_keys_only_retire') });
  });
});

/**
 * What SQLite's FTS5 trigram table answers: a literal, case-insensitive substring of any of the four columns, here of
 * the four joined by newlines as db/migrations-pg/0004 indexes them (lib/inventory/queries.test.ts checks that the
 * app's search is answered by this index).
 */
const SEARCH_WHERE = `(name || E'\\n' || purpose || E'\\n' || business_owner || E'\\n' || coalesce(vendor_name, '')) ILIKE $1 ESCAPE '\\'`;
const searchPattern = (needle: string) => `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

describe('inventory search on PostgreSQL', () => {
  let db: PgDb;
  let pool: pg.Pool;
  beforeAll(async () => {
    ({ db, pool } = await open(await createDatabase()));
    const { userId } = await seedEvidence(db);
    const filler = Array.from({ length: 2000 }, (_, i) => ({ name: `System ${i}`, purpose: `Scores loan applications, batch ${i}`, ownerId: userId, riskTier: 'high' as const, createdById: userId }));
    await db.insert(s.aiSystems).values(filler);
    await db.insert(s.aiSystems).values([
      { name: 'Été forecaster', purpose: 'p', ownerId: userId, riskTier: 'minimal', createdById: userId },
      { name: 'Discounts', purpose: 'Gives 50% off', ownerId: userId, riskTier: 'minimal', createdById: userId },
      { name: 'Vendor tool', purpose: 'p', businessOwner: 'Risk Office', vendorName: 'ACME Analytics', ownerId: userId, riskTier: 'limited', createdById: userId, thirdParty: true },
    ]);
    await pool.query('ANALYZE ai_systems');
  });

  const search = (needle: string, client: Pick<pg.Pool, 'query'> = pool) =>
    client.query<{ name: string }>(`SELECT name FROM ai_systems WHERE ${SEARCH_WHERE} ORDER BY name`, [searchPattern(needle)]).then((r) => r.rows.map((row) => row.name));

  it('finds a substring of any of the four columns, ignoring case (also beyond ASCII), with wildcards taken literally', async () => {
    expect(await search('ÉTÉ FORE')).toEqual(['Été forecaster']);
    expect(await search('acme anal')).toEqual(['Vendor tool']);
    expect(await search('risk off')).toEqual(['Vendor tool']);
    expect(await search('50%')).toEqual(['Discounts']);
    expect(await search('5_%')).toEqual([]);
    expect(await search('batch 1999')).toEqual(['System 1999']);
  });

  it('answers from the trigram index rather than by reading every row', async () => {
    const client = await pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = (await client.query(`EXPLAIN SELECT id FROM ai_systems WHERE ${SEARCH_WHERE}`, [searchPattern('acme')])).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('ai_systems_search_text_idx');
      expect(await search('ACME', client)).toEqual(['Vendor tool']);
    } finally {
      client.release(true);
    }
  });
});

/** Rows with the awkward values: booleans, nulls, sizes past 2^31, epoch milliseconds, floats, and JSON in several scripts. */
const at2 = '2026-03-04T05:06:07.089Z';
const VALUES = {
  users: { id: 'u1', email: 'é@example.com', name: 'Zoë', passwordHash: 'h', disabled: true, lastSignInAt: null, createdAt: at, updatedAt: at2 },
  aiSystems: {
    id: 's1', name: 'S', purpose: 'p', ownerId: 'u1', riskTier: 'high', createdById: 'u1', generalPurposeModel: true, thirdParty: false, vendorName: null, createdAt: at, updatedAt: at,
    riskRationale: { zeta: 1, alpha: [0.1, 2.5e-8, 1e21, -3], 'ключ': 'значение 🦀', nested: { b: null, a: true } },
  },
  models: { id: 'm1', systemId: 's1', name: 'm', createdById: 'u1', languages: ['fr', 'de'], createdAt: at, updatedAt: at },
  modelVersions: { id: 'v1', modelId: 'm1', version: '1', artifactSha256: 'a'.repeat(64), artifactSize: 5 * 1024 ** 3 + 7, format: 'gguf', registeredById: 'u1', integrityOk: null, scanFindings: [{ code: 'x', severity: 'info', message: 'ok' }], createdAt: at, updatedAt: at },
  blobs: { sha256: 'b'.repeat(64), size: 2 ** 53 - 1, format: 'gguf', scan: { verdict: 'clean', counts: [] }, createdAt: at },
  evaluations: { id: 'e1', modelVersionId: 'v1', artifactSha256: 'a'.repeat(64), kind: 'performance', environment: 'staging', performedAt: at, createdAt: at, modelIndexResult: { task: { type: 'asr' } } },
  evaluationMetrics: { id: 'em1', evaluationId: 'e1', name: 'wer', value: 0.1 + 0.2, threshold: 1e-300, comparator: 'lte', passed: true, verified: null, lowerBound: Number.MAX_VALUE, upperBound: null },
  signInThrottle: { key: 'k', failures: 3, windowStartedAt: 1_767_225_600_123, lockedUntil: null },
} as const;
const TABLES = Object.keys(VALUES) as (keyof typeof VALUES)[];

describe('rows read back as the same JavaScript values on both dialects', () => {
  it.each(TABLES)('%s', async (table) => {
    expect(await readPg(table)).toEqual(await readSqlite(table));
  });

  let sqlite: ReturnType<typeof openDatabase>;
  let db: PgDb;
  beforeAll(async () => {
    sqlite = openDatabase({ file: path.join(scratchDir('provenant-values-'), 'db.sqlite') });
    ({ db } = await open(await createDatabase()));
    for (const table of TABLES) {
      await sqlite.db.insert(sqliteSchema[table]).values(VALUES[table] as never);
      await db.insert(s[table]).values(VALUES[table] as never);
    }
  });
  afterAll(() => sqlite.sqlite.close());
  const readSqlite = async (table: keyof typeof VALUES) => await sqlite.db.select().from(sqliteSchema[table]);
  const readPg = (table: keyof typeof VALUES) => db.select().from(s[table] as typeof s.users);
});
