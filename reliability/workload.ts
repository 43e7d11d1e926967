/**
 * The writes and reads the reliability suite sends, through the public API with an API token, and what it checks
 * afterwards in the database itself: every acknowledged write is there with exactly one audit event, and the chain
 * verifies.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db';
import { aiSystems, auditEvents, blobs } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/verify-chain';

export type Acknowledged = { systems: string[]; artifacts: string[] };
/**
 * `truncated`: a 201 whose body is cut short. A proxy whose replica dies while answering may end the response as if it
 * were whole (Caddy 2.6 does); the write may or may not have committed, so it counts as cut off, not acknowledged.
 */
export type Tally = { ok: number; serverErrors: { request: string; startedAt: number; status: number; body: string }[]; networkErrors: number; refused: number; truncated: number };

export const newTally = (): Tally => ({ ok: 0, serverErrors: [], networkErrors: 0, refused: 0, truncated: 0 });

/** The created record's field from a 201, or undefined (not created, or its answer cut short). */
function created(tally: Tally, answer: { status: number; body: string } | null, field: 'id' | 'sha256'): string | undefined {
  if (answer?.status !== 201) return undefined;
  try {
    return (JSON.parse(answer.body) as Record<string, string>)[field];
  } catch {
    tally.truncated++;
    return undefined;
  }
}

/** Before the servers start (this blocks the process, and with it an s3rver it serves). */
function cli(args: string[], env: Record<string, string>, input?: string) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'lib/cli/main.ts', ...args], { env: { ...process.env, ...env }, input, encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

/** A data scientist and a `register`+`read` token for the clients, made with the CLI as an operator would. */
export function createClientToken(dataDir: string) {
  const email = `reliability-${randomUUID().slice(0, 8)}@example.com`;
  cli(['user', 'create', '--email', email, '--name', 'Reliability client', '--role', 'data_scientist', '--password-stdin'], { DATA_DIR: dataDir }, 'a long enough password\n');
  return cli(['token', 'create', '--email', email, '--name', 'reliability', '--scope', 'register', '--scope', 'read'], { DATA_DIR: dataDir }).trim().split('\n')[0]!;
}

/** A request and its whole answer; null when the connection failed or was cut before the answer was complete. */
async function send(tally: Tally, url: string, init: RequestInit): Promise<{ status: number; body: string } | null> {
  const startedAt = Date.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    const body = await response.text();
    // An answer without a body names its sender's headers instead, to tell the replica's answers from the proxy's.
    const shown = body === '' ? `(empty; content-type ${response.headers.get('content-type')}, content-length ${response.headers.get('content-length')}, server ${response.headers.get('server')})` : body.slice(0, 300);
    if (response.status >= 500) tally.serverErrors.push({ request: `${init.method ?? 'GET'} ${new URL(url).pathname}`, startedAt, status: response.status, body: shown });
    else if (!response.ok) tally.refused++;
    else tally.ok++;
    return { status: response.status, body };
  } catch {
    // The replica was killed, or refused the connection while it restarted: the write is not acknowledged. A short
    // pause keeps the clients from spinning on a closed port.
    tally.networkErrors++;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return null;
  }
}

/** One write or read, chosen at random (a third writes: systems and small artifacts); acknowledged writes recorded. */
export async function oneRequest(base: string, token: string, acknowledged: Acknowledged, tally: Tally, writeShare = 1 / 3) {
  const headers = { authorization: `Bearer ${token}` };
  const roll = Math.random();
  if (roll < writeShare / 2) {
    const name = `Reliability ${randomUUID()}`;
    const answer = await send(tally, `${base}/api/v1/systems`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name, purpose: 'Written by the reliability suite under load and crashes.', riskTier: 'minimal' }) });
    const id = created(tally, answer, 'id');
    if (id) acknowledged.systems.push(id);
  } else if (roll < writeShare) {
    const form = new FormData();
    form.append('file', new Blob([randomBytes(2048 + Math.floor(Math.random() * 8192))]), 'weights.bin');
    const answer = await send(tally, `${base}/api/v1/artifacts`, { method: 'POST', headers, body: form });
    const sha256 = created(tally, answer, 'sha256');
    if (sha256) acknowledged.artifacts.push(sha256);
  } else {
    await send(tally, `${base}/api/v1/systems`, { headers });
  }
}

/** Runs `clients` loops of requests against the bases (spread round-robin) until `until` (ms since the epoch). */
export async function drive(bases: () => string[], token: string, clients: number, until: () => boolean, acknowledged: Acknowledged, tally: Tally) {
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      while (!until()) {
        const all = bases();
        await oneRequest(all[i % all.length]!, token, acknowledged, tally);
      }
    }),
  );
}

/**
 * `verify-store`, as an operator would run it: every blob and pack the database names is in the store (this process's
 * DATA_DIR, or the bucket) with its digest. Its complaints are the problems.
 */
async function checkStore(): Promise<string[]> {
  const run = await runCommand(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'lib/cli/main.ts', 'verify-store'], {});
  if (run.code === 0) return [];
  return [`verify-store exited ${run.code}: ${run.output.trim().split('\n').slice(0, 5).join('; ')}`];
}

/**
 * A command in its own process, without blocking this one: the clients may still be writing, and on PostgreSQL the
 * s3rver bucket is served by this very process. Killed after 3 minutes.
 */
export function runCommand(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    // 'close', not 'exit': the output is read to its end before it is matched.
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** What must hold afterwards: every acknowledged write present, one audit event per created row, the chain intact, every stored file whole. */
export async function checkAcknowledged(acknowledged: Acknowledged) {
  const problems = await checkStore();
  for (let i = 0; i < acknowledged.systems.length; i += 500) {
    const ids = acknowledged.systems.slice(i, i + 500);
    const found = new Set((await getDb().select({ id: aiSystems.id }).from(aiSystems).where(inArray(aiSystems.id, ids))).map((row) => row.id));
    for (const id of ids) if (!found.has(id)) problems.push(`acknowledged system ${id} is missing`);
  }
  for (let i = 0; i < acknowledged.artifacts.length; i += 500) {
    const digests = acknowledged.artifacts.slice(i, i + 500);
    const found = new Set((await getDb().select({ sha256: blobs.sha256 }).from(blobs).where(inArray(blobs.sha256, digests))).map((row) => row.sha256));
    for (const sha of digests) if (!found.has(sha)) problems.push(`acknowledged artifact ${sha} is missing`);
  }
  // Every row, acknowledged or not (a write may commit just before its replica dies): exactly one creation event.
  const systems = await getDb().select({ id: aiSystems.id }).from(aiSystems);
  const created = await getDb().select({ entityId: auditEvents.entityId }).from(auditEvents).where(and(eq(auditEvents.action, 'system.created'), eq(auditEvents.entityType, 'ai_system')));
  const events = new Map<string, number>();
  for (const { entityId } of created) events.set(entityId!, (events.get(entityId!) ?? 0) + 1);
  for (const { id } of systems) if (events.get(id) !== 1) problems.push(`system ${id} has ${events.get(id) ?? 0} creation events`);
  if (created.length !== systems.length) problems.push(`${created.length} system.created events for ${systems.length} systems`);
  const blobRows = await getDb().select({ sha256: blobs.sha256 }).from(blobs);
  const uploaded = await getDb().select({ entityId: auditEvents.entityId }).from(auditEvents).where(eq(auditEvents.action, 'artifact.uploaded'));
  const uploads = new Set(uploaded.map((row) => row.entityId));
  for (const { sha256 } of blobRows) if (!uploads.has(sha256)) problems.push(`artifact ${sha256} has no upload event`);
  const chain = await verifyAuditChain();
  if (!chain.ok) problems.push(`audit chain broken at ${chain.firstBrokenSeq}`);
  return { problems, systems: systems.length, artifacts: blobRows.length, events: chain.count };
}
