import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { eventHash, GENESIS_HASH } from '../lib/audit/hash';

// The production build runs a long audit chain's ranges in worker threads bundled apart from the server
// (lib/audit/verify-range.worker.ts). No e2e chain is long enough to split (100,000 events), so each bundled worker
// is run here directly, on a chain of its own, as verify-chain.ts starts it: it must load (better-sqlite3, pg) and
// verify, or the /audit page of every large deployment would fail.
const EVENTS = 500;

function bundledWorkers(): string[] {
  const chunks = path.join(process.cwd(), process.env.NEXT_DIST_DIR || '.next', 'server', 'chunks');
  return fs.readdirSync(chunks, { recursive: true, encoding: 'utf8' }).filter((f) => /\[worker thread\]-lib_audit_verify-range_worker_ts_[^/]*\.js$/.test(f)).map((f) => path.join(chunks, f));
}

function chainFile() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-worker-chain-')), 'chain.db');
  const db = new Database(file);
  db.exec(`CREATE TABLE audit_events (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor_type TEXT NOT NULL, actor_id TEXT, actor_label TEXT NOT NULL, action TEXT NOT NULL,
    entity_type TEXT NOT NULL, entity_id TEXT, before TEXT, after TEXT, ip TEXT, user_agent TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`);
  const insert = db.prepare('INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= EVENTS; seq++) {
    const e = { seq, at: new Date(Date.UTC(2026, 11, 5, 0, 0, seq)).toISOString(), actorType: 'system', actorId: null, actorLabel: 'e2e', action: 'system.updated', entityType: 'ai_system', entityId: `s${seq}`, before: null, after: `{"i":${seq}}`, ip: null, userAgent: 'Zoë/1 \u2028' };
    const hash = eventHash(prev, e);
    insert.run(seq, e.at, e.actorType, e.actorId, e.actorLabel, e.action, e.entityType, e.entityId, e.before, e.after, e.ip, e.userAgent, prev, hash);
    prev = hash;
  }
  db.close();
  return { file, head: prev };
}

type Answer = { ok: boolean; message?: string; result?: { state: { count: number; prevHash: string; expectedSeq: number }; firstBreak: { seq: number; reason: string } | null } };

function runWorker(workerFile: string, sqliteFile: string): Promise<Answer> {
  const worker = new Worker(workerFile, { workerData: { source: { sqliteFile }, fromSeq: 1, toSeq: EVENTS, start: { prevHash: GENESIS_HASH, expectedSeq: 1 }, acknowledgements: [] } });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

test('the audit-range workers of the production build load and verify a chain, and find an edited row', async () => {
  const workers = bundledWorkers();
  expect(workers.length, 'bundled verify-range workers').toBeGreaterThan(0);
  const { file, head } = chainFile();
  try {
    for (const worker of workers) {
      const intact = await runWorker(worker, file);
      expect(intact, worker).toMatchObject({ ok: true, result: { state: { count: EVENTS, prevHash: head, expectedSeq: EVENTS + 1 }, firstBreak: null } });
    }
    const db = new Database(file);
    db.prepare('UPDATE audit_events SET after = ? WHERE seq = 321').run('{"i":9}');
    db.close();
    const tampered = await runWorker(workers[0]!, file);
    expect(tampered).toMatchObject({ ok: true, result: { state: { count: 320 }, firstBreak: { seq: 321, reason: 'hash does not match the event contents' } } });
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});
