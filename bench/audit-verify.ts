/**
 * Times verifyAuditChain over the seeded chain (the same function /audit and `audit verify` use), and splits
 * the cost into reading the rows from SQLite and hashing them, so a missed target points at its cause.
 */
import { getConnection } from '@/db';
import { eventHash, GENESIS_HASH } from '@/lib/audit/hash';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { median, printTable } from './report';

const RUNS = Number(process.env.BENCH_VERIFY_RUNS ?? 5);
const TARGET_PER_S = 200_000;

type Row = Parameters<typeof eventHash>[1] & { prevHash: string; hash: string };

/** Wall time of fn in seconds. */
async function timed(fn: () => unknown): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<number> {
  const { sqlite } = getConnection();
  const select = sqlite.prepare(
    `SELECT seq, at, actor_type AS actorType, actor_id AS actorId, actor_label AS actorLabel, action, entity_type AS entityType,
            entity_id AS entityId, before, after, ip, user_agent AS userAgent, prev_hash AS prevHash, hash FROM audit_events ORDER BY seq`,
  );
  let result = await verifyAuditChain(sqlite); // warm-up: page cache and JIT
  if (!result.ok) {
    console.error(`Audit chain does not verify: first broken seq ${result.firstBrokenSeq} (${result.reason})`);
    return 1;
  }
  const count = result.count;
  const verify: number[] = [];
  const read: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so background noise falls on both; reading iterates exactly as verifyAuditChain does.
    verify.push(await timed(async () => (result = await verifyAuditChain(sqlite))));
    if (!result.ok || result.count !== count) throw new Error('Audit chain verification changed between runs.');
    read.push(
      await timed(() => {
        for (const row of select.iterate()) void row;
      }),
    );
  }
  // Hashing alone runs on rows held in memory, after the other runs so that this big heap does not slow them.
  const rows = select.all() as Row[];
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
  const avgBytes = sqlite.prepare("SELECT avg(length(coalesce(before, '')) + length(coalesce(after, ''))) FROM audit_events").pluck().get() as number;
  console.log(`\nAudit-chain verification: ${count.toLocaleString('en-US')} events (before/after ${Math.round(avgBytes)} bytes on average), ${RUNS} runs after a warm-up (medians)`);
  printTable(
    ['measure', 'seconds', 'events/s', `target >= ${TARGET_PER_S.toLocaleString('en-US')}/s`],
    [
      ['verifyAuditChain (full)', median(verify).toFixed(3), rate(verify), count / median(verify) >= TARGET_PER_S ? 'met' : 'MISSED'],
      ['  part: read rows only (same SELECT, iterate)', median(read).toFixed(3), rate(read), ''],
      ['  part: canonicalEvent + SHA-256 only (rows in memory)', median(hash).toFixed(3), rate(hash), ''],
    ],
  );
  console.log(`Chain head: seq ${result.head?.seq} ${result.head?.hash}`);
  return 0;
}

void main().then((code) => process.exit(code));
