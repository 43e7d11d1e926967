/**
 * Uploads a 1 GiB file through POST /api/v1/artifacts (curl streams the multipart body from disk) against
 * `sha256sum` of the same file, on a fresh DATA_DIR, and samples the server's resident memory meanwhile.
 * The file and the stored blob are deleted at the end, whatever happens.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemActor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { DEMO_PASSWORD } from '@/lib/seed/demo-data';
import { createUser } from '@/lib/users/create-user';
import { curlUpload } from './curl-upload';
import { BASE, serverPid, startServer, stopServerAndWait } from './next-server';
import { median, printTable } from './report';
import { runMain } from './run-main';

const SIZE = 1024 ** 3;
const BLOCK = 1024 ** 2;
const RATIO_TARGET = 0.7;
const RSS_TARGET_MB = 300;
const dataDir = path.resolve(process.env.DATA_DIR ?? '');
const file = path.join(path.dirname(dataDir), 'upload-1gib.bin');

/** A random 1 MiB block, repeated with its first bytes changed per block: hashing cannot shortcut it, writing is fast. */
function writeFile() {
  const block = randomBytes(BLOCK);
  const fd = fs.openSync(file, 'w');
  for (let i = 0; i < SIZE / BLOCK; i++) {
    block.writeUInt32LE(i, 0);
    fs.writeSync(fd, block);
  }
  fs.closeSync(fd);
}

function hashWith(command: string, args: string[]): { seconds: number; digest: string } {
  const started = performance.now();
  const out = spawnSync(command, [...args, file], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`${command} failed: ${out.stderr}`);
  return { seconds: (performance.now() - started) / 1000, digest: out.stdout.split(' ')[0]! };
}
const sha256sum = () => hashWith('sha256sum', []);

const memoryKb = (pid: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/** One upload with curl; the server's peak RSS comes from VmHWM (reset first) and from sampling VmRSS every 20 ms. */
async function upload(token: string, digest: string) {
  const pid = serverPid()!;
  const idleMb = memoryKb(pid, 'VmRSS') / 1024;
  let hwmReset = true;
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    hwmReset = false;
  }
  let sampledKb = 0;
  const sampler = setInterval(() => (sampledKb = Math.max(sampledKb, memoryKb(pid, 'VmRSS'))), 20);
  const started = performance.now();
  const { status, body } = await curlUpload(`${BASE}/api/v1/artifacts`, token, [`sha256=${digest}`, `file=@${file};type=application/octet-stream`]);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (status !== '201' && status !== '200') throw new Error(`Upload answered HTTP ${status}: ${body.slice(0, 300)}`);
  const answer = JSON.parse(body) as { sha256: string; size: number };
  if (answer.sha256 !== digest || answer.size !== SIZE) throw new Error(`Upload stored ${answer.sha256} (${answer.size} bytes), expected ${digest}`);
  const peakMb = Math.max(sampledKb, hwmReset ? memoryKb(pid, 'VmHWM') : 0) / 1024;
  return { seconds, status, idleMb, peakMb, hwmReset };
}

async function main() {
  if (!process.env.DATA_DIR || !dataDir.startsWith(path.resolve(os.tmpdir()) + path.sep)) throw new Error(`DATA_DIR must be under ${os.tmpdir()}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  try {
    const user = await createUser(systemActor('bench seed'), { email: 'uploader@example.com', name: 'Bench Uploader', roles: ['data_scientist'], password: DEMO_PASSWORD });
    const token = (await createApiToken(systemActor('bench seed'), user.id, { name: 'bench upload', scopes: ['register'] })).secret;
    writeFile();
    sha256sum(); // Warms the page cache, so both contenders read the file from memory.
    const hashes = [sha256sum(), sha256sum(), sha256sum()];
    const digest = hashes[0]!.digest;
    // Context only: OpenSSL's SHA-256 (what Node's crypto uses) is often much faster than coreutils' on the same CPU.
    const openssl = hashWith('openssl', ['dgst', '-sha256', '-r']);
    if (openssl.digest !== digest) throw new Error('openssl and sha256sum disagree on the digest');
    await startServer(dataDir, path.join(path.dirname(dataDir), 'upload-server.log'));
    // The first upload stores a new blob (201); the repeats send the same bytes, answered from the record (200).
    const uploads = [];
    for (let i = 0; i < 3; i++) uploads.push(await upload(token, digest));
    await stopServerAndWait();

    const mbps = (seconds: number) => SIZE / 1e6 / seconds;
    const base = median(hashes.map((h) => mbps(h.seconds)));
    console.log(`\nArtifact upload: 1 GiB (${SIZE} bytes) through POST /api/v1/artifacts with curl, against sha256sum of the same cached file`);
    printTable(
      ['measure', 'seconds', 'MB/s', 'vs sha256sum', 'server RSS idle -> peak (MB)', `target: >= ${RATIO_TARGET * 100}% and peak < ${RSS_TARGET_MB} MB`],
      [
        ...hashes.map((h, i) => [`sha256sum, run ${i + 1}`, h.seconds.toFixed(2), mbps(h.seconds).toFixed(0), i === 0 ? `median ${base.toFixed(0)} MB/s` : '', '', 'baseline']),
        ['openssl dgst -sha256 (context)', openssl.seconds.toFixed(2), mbps(openssl.seconds).toFixed(0), `${((mbps(openssl.seconds) / base) * 100).toFixed(0)}%`, '', 'context'],
        ...uploads.map((u, i) => {
          const ratio = mbps(u.seconds) / base;
          const missed = [ratio < RATIO_TARGET ? 'throughput' : '', u.peakMb >= RSS_TARGET_MB ? 'RSS' : ''].filter(Boolean);
          return [`upload ${i + 1}: HTTP ${u.status} (${u.status === '201' ? 'new blob' : 'already stored'})`, u.seconds.toFixed(2), mbps(u.seconds).toFixed(0), `${(ratio * 100).toFixed(0)}%`, `${u.idleMb.toFixed(0)} -> ${u.peakMb.toFixed(0)}`, missed.length ? `MISSED (${missed.join(', ')})` : 'met'];
        }),
      ],
    );
    if (!uploads[0]!.hwmReset) console.log('Note: /proc/<pid>/clear_refs was not writable, so the peak is sampled VmRSS every 20 ms only.');
  } finally {
    fs.rmSync(file, { force: true });
    fs.rmSync(path.join(dataDir, 'blobs'), { recursive: true, force: true });
  }
}

runMain(main);
