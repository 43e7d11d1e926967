/**
 * Seeds a fresh DATA_DIR (under the OS tmp dir) with 10,000 systems, 100,000 model versions and 300,000 audit
 * events. Accounts go through createUser (real scrypt, real audit events); the bulk rows use plain prepared
 * statements in one transaction (on PostgreSQL, with DATABASE_URL: multi-row INSERTs of 500 rows in one transaction),
 * and every event is hashed with the app's own eventHash so the chain verifies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { databaseReady, getConnection, postgresPool } from '@/db';
import { DIALECT } from '@/db/dialect';
import { rawRows } from '@/db/raw';
import { eventHash } from '@/lib/audit/hash';
import { systemActor } from '@/lib/auth/actor';
import { canonicalJson } from '@/lib/canonical-json';
import { DEMO_PASSWORD, DEMO_USERS } from '@/lib/seed/demo-data';
import { createUser } from '@/lib/users/create-user';
import { ALGORITHMS, DOMAINS, FIRST_NAMES, FORMATS, LAST_NAMES, LICENSES, prng, REGIONS, STATUSES, TIERS } from './seed-data';
import { runMain } from './run-main';

const SYSTEMS = 10_000;
const VERSIONS = 100_000;
const EVENTS = 300_000;
const DAY = 86_400_000;

const dataDir = path.resolve(process.env.DATA_DIR ?? '');
const r = prng(20260);
const iso = (ms: number) => new Date(ms).toISOString();
type Owner = Awaited<ReturnType<typeof createUser>>;

/** Demo accounts (the bench signs in as one of them) plus data scientists who own the bulk inventory. */
async function createAccounts(): Promise<Owner[]> {
  const extra = FIRST_NAMES.map((first, i) => {
    const last = LAST_NAMES[i % LAST_NAMES.length]!;
    return { email: `${first}.${last}@example.com`.toLowerCase(), name: `${first} ${last}`, roles: ['data_scientist' as const] };
  });
  const users = await Promise.all([...DEMO_USERS, ...extra].map((u) => createUser(systemActor('bench seed'), { ...u, password: DEMO_PASSWORD })));
  return users.filter((u) => u.roles.includes('data_scientist'));
}

/** Models per system and versions per model, varied but summing to exactly VERSIONS. */
function planShape() {
  const modelsPerSystem = Array.from({ length: SYSTEMS }, () => 1 + r.int(3));
  const versionsPerModel = Array.from({ length: modelsPerSystem.reduce((a, b) => a + b, 0) }, () => 1 + r.int(9));
  let total = versionsPerModel.reduce((a, b) => a + b, 0);
  while (total !== VERSIONS) {
    const k = r.int(versionsPerModel.length);
    const delta = total < VERSIONS ? 1 : versionsPerModel[k]! > 1 ? -1 : 0;
    versionsPerModel[k]! += delta;
    total += delta;
  }
  return { modelsPerSystem, versionsPerModel };
}

type Insert = (row: Record<string, unknown>) => Promise<void>;

/** SQLite: a prepared statement per table, run at once (inside the caller's transaction). */
function sqliteInserter(table: string, columns: string[]): Insert {
  const statement = getConnection().sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const keys = columns.map((c) => c.replace(/_(\w)/g, (_, ch: string) => ch.toUpperCase()));
  return async (row) => {
    statement.run(keys.map((k) => (typeof row[k] === 'boolean' ? Number(row[k]) : (row[k] ?? null))));
  };
}

/**
 * PostgreSQL: rows wait in per-table buffers; when one fills, every buffer is written, parents first (the order the
 * tables were made in), so foreign keys always find their rows.
 */
function postgresInserters(client: pg.PoolClient) {
  const tables: { table: string; columns: string[]; keys: string[]; rows: unknown[][] }[] = [];
  const flush = async () => {
    for (const t of tables) {
      if (t.rows.length === 0) continue;
      const values = t.rows.map((_, r) => `(${t.columns.map((__, c) => `$${r * t.columns.length + c + 1}`).join(', ')})`);
      await client.query(`INSERT INTO ${t.table} (${t.columns.join(', ')}) VALUES ${values.join(', ')}`, t.rows.flat());
      t.rows = [];
    }
  };
  const inserter = (table: string, columns: string[]): Insert => {
    const entry = { table, columns, keys: columns.map((c) => c.replace(/_(\w)/g, (_, ch: string) => ch.toUpperCase())), rows: [] as unknown[][] };
    tables.push(entry);
    return async (row) => {
      entry.rows.push(entry.keys.map((k) => row[k] ?? null));
      if (entry.rows.length >= 500) await flush();
    };
  };
  return { inserter, flush };
}

let inserter: (table: string, columns: string[]) => Insert = sqliteInserter;

/** Appends events exactly as recordAudit would (canonical before/after, hash over the previous hash), continuing the chain. */
async function auditWriter() {
  const insert = inserter('audit_events', ['seq', 'at', 'actor_type', 'actor_id', 'actor_label', 'action', 'entity_type', 'entity_id', 'before', 'after', 'ip', 'user_agent', 'prev_hash', 'hash']);
  const [head] = await rawRows<{ seq: number; hash: string }>(sql`SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`);
  const state = { seq: head!.seq, prevHash: head!.hash, clock: Date.now() - 730 * DAY, emitted: 0 };
  const step = (730 * DAY) / EVENTS;
  const emit = async (owner: Owner, action: string, entityType: string, entityId: string, before?: unknown, after?: unknown) => {
    state.clock += step * 2 * r.next();
    state.seq += 1;
    state.emitted += 1;
    const fields = {
      seq: state.seq, at: iso(state.clock), actorType: 'user', actorId: owner.id, actorLabel: owner.email, action, entityType, entityId,
      before: before === undefined ? null : canonicalJson(before), after: after === undefined ? null : canonicalJson(after),
      ip: `10.20.${r.int(256)}.${r.int(256)}`, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/138.0 Safari/537.36',
    };
    const hash = eventHash(state.prevHash, fields);
    await insert({ ...fields, prevHash: state.prevHash, hash });
    state.prevHash = hash;
  };
  return { emit, state };
}

async function seedBulk(owners: Owner[]) {
  const { modelsPerSystem, versionsPerModel } = planShape();
  const insertSystem = inserter('ai_systems', ['id', 'name', 'purpose', 'intended_use', 'business_owner', 'owner_id', 'risk_tier', 'general_purpose_model', 'risk_rationale', 'lifecycle_status', 'deployment_context', 'human_oversight', 'personal_data', 'next_review_date', 'third_party', 'vendor_name', 'vendor_contract', 'retired_at', 'created_by_id', 'created_at', 'updated_at']);
  const insertModel = inserter('models', ['id', 'system_id', 'name', 'description', 'task', 'created_by_id', 'created_at', 'updated_at']);
  const insertVersion = inserter('model_versions', ['id', 'model_id', 'version', 'artifact_sha256', 'artifact_size', 'format', 'uri', 'license', 'stage', 'stage_changed_at', 'scan_status', 'scan_findings', 'registered_by_id', 'created_at', 'updated_at']);
  const { emit, state } = await auditWriter();
  let creationEventsLeft = SYSTEMS + versionsPerModel.length + VERSIONS;
  let modelIndex = 0;
  for (let i = 0; i < SYSTEMS; i++) {
    const d = r.pick(DOMAINS);
    const owner = r.pick(owners);
    const tier = r.next() < 0.85 ? d.tier : r.pick(TIERS.slice(1));
    const status = tier === 'prohibited' ? 'retired' : r.pick(STATUSES);
    const now = iso(state.clock);
    const system = {
      id: randomUUID(), name: `${d.use} – ${r.pick(REGIONS)} (INV-${String(i + 1).padStart(5, '0')})`, purpose: d.purpose,
      intendedUse: `Decision support for the ${d.owner.toLowerCase()}.`, businessOwner: d.owner, ownerId: owner.id, riskTier: tier,
      generalPurposeModel: !!d.vendor, riskRationale: JSON.stringify({ answers: { annex_iii: tier === 'high' }, proposedTier: tier }),
      lifecycleStatus: status, deploymentContext: 'Group data platform, EU region.', humanOversight: 'A named reviewer checks outputs before they take effect.',
      personalData: tier !== 'minimal', nextReviewDate: status === 'retired' ? null : iso(Date.now() + (r.int(425) - 60) * DAY).slice(0, 10),
      thirdParty: !!d.vendor, vendorName: d.vendor ?? null, vendorContract: d.vendor ? `MSA-${1000 + r.int(9000)}` : null,
      retiredAt: status === 'retired' ? now : null, createdById: owner.id, createdAt: now, updatedAt: iso(state.clock + r.next() * (Date.now() - state.clock)),
    };
    await insertSystem(system);
    await emit(owner, 'system.created', 'ai_system', system.id, undefined, system);
    const versionIds: string[] = [];
    for (let m = 0; m < modelsPerSystem[i]!; m++, modelIndex++) {
      const model = { id: randomUUID(), systemId: system.id, name: `${d.slug}-${ALGORITHMS[(i + m) % ALGORITHMS.length]}`, description: `${d.use} model.`, task: 'classification', createdById: owner.id, createdAt: now, updatedAt: now };
      await insertModel(model);
      await emit(owner, 'model.created', 'model', model.id, undefined, model);
      const count = versionsPerModel[modelIndex]!;
      for (let v = 0; v < count; v++) {
        const label = `${1 + Math.floor(v / 4)}.${v % 4}.0`;
        const stage = count > 1 && v === count - 1 ? 'development' : v === count - 2 || count === 1 ? 'production' : 'archived';
        const format = r.pick(FORMATS);
        const version = {
          id: randomUUID(), modelId: model.id, version: label, artifactSha256: createHash('sha256').update(`${model.id}@${label}`).digest('hex'),
          artifactSize: 1_000_000 + r.int(4_000_000_000), format, uri: `s3://model-registry/${model.name}/${label}/model.${format}`, license: r.pick(LICENSES),
          stage, stageChangedAt: stage === 'development' ? null : now, scanStatus: format === 'pickle' ? 'unsafe' : 'clean', scanFindings: '[]',
          registeredById: owner.id, createdAt: now, updatedAt: now,
        };
        await insertVersion(version);
        await emit(owner, 'model_version.created', 'model_version', version.id, undefined, { ...version, scanFindings: [] });
        versionIds.push(version.id);
      }
    }
    creationEventsLeft -= 1 + modelsPerSystem[i]! + versionIds.length;
    // Later edits, spread so the chain mixes large creation events with small updates and ends at exactly EVENTS.
    const updates = Math.floor((EVENTS - state.emitted - creationEventsLeft) / (SYSTEMS - i));
    for (let u = 0; u < updates; u++) {
      const kind = r.int(3);
      if (kind === 0) await emit(owner, 'system.updated', 'ai_system', system.id, { nextReviewDate: system.nextReviewDate }, { nextReviewDate: iso(state.clock + 365 * DAY).slice(0, 10) });
      else if (kind === 1) await emit(owner, 'model_version.updated', 'model_version', r.pick(versionIds), { license: 'Proprietary' }, { license: r.pick(LICENSES) });
      else await emit(owner, 'auth.signed_in', 'user', owner.id);
    }
  }
}

async function main() {
  // The directory is wiped first, so refuse anything outside the tmp dir (a DATA_DIR=./data slip must not cost data).
  if (!process.env.DATA_DIR || !dataDir.startsWith(path.resolve(os.tmpdir()) + path.sep)) {
    throw new Error(`DATA_DIR must be a directory under ${os.tmpdir()}, got "${process.env.DATA_DIR ?? ''}"`);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  const started = performance.now();
  await databaseReady();
  const owners = await createAccounts();
  if (DIALECT === 'postgresql') {
    const client = await postgresPool().connect();
    try {
      const postgres = postgresInserters(client);
      inserter = postgres.inserter;
      await client.query('BEGIN');
      await seedBulk(owners);
      await postgres.flush();
      await client.query('COMMIT');
      await client.query('ANALYZE');
    } finally {
      client.release();
    }
  } else {
    const { sqlite } = getConnection();
    sqlite.exec('BEGIN');
    await seedBulk(owners);
    sqlite.exec('COMMIT');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  }
  const [counts] = await rawRows<Record<string, number>>(
    sql`SELECT (SELECT count(*) FROM ai_systems) AS systems, (SELECT count(*) FROM model_versions) AS versions, (SELECT count(*) FROM audit_events) AS events`,
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Seeded in ${seconds} s: ${counts!.systems} systems, ${counts!.versions} model versions, ${counts!.events} audit events`);
}

runMain(main);
