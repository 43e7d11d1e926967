/**
 * Times verifyAuditChain over the seeded chain (the same function /audit and `audit verify` use: ranges verified
 * side by side in worker threads), the same verification walked in one thread, and that walk's cost split into
 * reading the rows (SQLite, or PostgreSQL with DATABASE_URL) and hashing them, so a missed target points at its cause.
 */
import { sql } from 'drizzle-orm';
import { databaseReady } from '@/db';
import { DIALECT } from '@/db/dialect';
import { rawArrays, rawRows } from '@/db/raw';
import { eventHash, GENESIS_HASH } from '@/lib/audit/hash';
import { DEFAULT_SPLIT, verifyAuditChain, verifyAuditChainSplit } from '@/lib/audit/verify-chain';
import { median, printTable } from './report';

const RUNS = Number(process.env.BENCH_VERIFY_RUNS ?? 5);
const TARGET_PER_S = 200_000;
const ONE_WALK = { workers: 1, minEventsPerWorker: 1 };

type Row = Parameters<typeof eventHash>[1] & { prevHash: string; hash: string };

/** Wall time of fn in seconds. */
async function timed(fn: () => unknown): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Every row in chunks of 1,000, as verifyAuditChain reads them, and nothing else. */
async function readAll() {
  for (let last = 0; ; ) {
    const rows = await rawArrays<[number]>(sql`SELECT seq, at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, user_agent, prev_hash, hash FROM audit_events WHERE seq > ${last} ORDER BY seq LIMIT 1000`);
    if (rows.length === 0) return;
    last = rows.at(-1)![0];
  }
}

async function main(): Promise<number> {
  await databaseReady();
  const result = await verifyAuditChain(); // warm-up: page cache and JIT
  if (!result.ok) {
    console.error(`Audit chain does not verify: first broken seq ${result.firstBrokenSeq} (${result.reason})`);
    return 1;
  }
  const count = result.count;
  const { ranges } = await verifyAuditChainSplit(DEFAULT_SPLIT);
  const verify: number[] = [];
  const walk: number[] = [];
  const read: number[] = [];
  const sameChain = (verified: typeof result) => {
    if (!verified.ok || verified.count !== count || verified.head?.hash !== result.head?.hash) throw new Error('Audit chain verification changed between runs.');
  };
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so background noise falls on all; reading iterates exactly as the walk does.
    verify.push(await timed(async () => sameChain(await verifyAuditChain())));
    walk.push(await timed(async () => sameChain((await verifyAuditChainSplit(ONE_WALK)).result)));
    read.push(await timed(readAll));
  }
  // Hashing alone runs on rows held in memory, after the other runs so that this big heap does not slow them.
  const rows = await rawRows<Row>(
    sql`SELECT seq, at, actor_type AS "actorType", actor_id AS "actorId", actor_label AS "actorLabel", action, entity_type AS "entityType",
            entity_id AS "entityId", before, after, ip, user_agent AS "userAgent", prev_hash AS "prevHash", hash FROM audit_events ORDER BY seq`,
  );
  const hash: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    hash.push(
      await timed(() => {
        let prev = GENESIS_HASH;
        for (const row of rows) prev = eventHash(prev, row);
        if (prev !== result.head?.hash) throw new Error('Re-hashing did not reach the chain head.');
      }),
    );
  }
  const rate = (seconds: number[]) => Math.round(count / median(seconds)).toLocaleString('en-US');
  const [average] = await rawRows<{ bytes: number }>(sql`SELECT avg(length(coalesce(before, '')) + length(coalesce(after, ''))) AS bytes FROM audit_events`);
  const avgBytes = Number(average!.bytes);
  console.log(`\nAudit-chain verification on ${DIALECT === 'postgresql' ? 'PostgreSQL' : 'SQLite'}: ${count.toLocaleString('en-US')} events (before/after ${Math.round(avgBytes)} bytes on average), ${RUNS} runs after a warm-up (medians)`);
  printTable(
    ['measure', 'seconds', 'events/s', `target >= ${TARGET_PER_S.toLocaleString('en-US')}/s`],
    [
      [`verifyAuditChain (${ranges} range${ranges > 1 ? 's side by side in worker threads' : ''})`, median(verify).toFixed(3), rate(verify), count / median(verify) >= TARGET_PER_S ? 'met' : 'MISSED'],
      ['the same walked in one thread', median(walk).toFixed(3), rate(walk), ''],
      ['  part: read rows only (same SELECT, same chunks)', median(read).toFixed(3), rate(read), ''],
      ['  part: canonicalEvent + SHA-256 only (rows in memory)', median(hash).toFixed(3), rate(hash), ''],
    ],
  );
  console.log(`Chain head: seq ${result.head?.seq} ${result.head?.hash}`);
  return 0;
}

void main().then((code) => process.exit(code));
