import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// A real full disk: a 256 KiB tmpfs mounted over DATA_DIR/blobs in a private mount namespace (unshare -Urm needs no
// root where user namespaces are allowed). The script uploads 1 MiB through the real verb and reports what it saw.
const SCRIPT = `
import fs from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { getDb } from '@/db';
import { blobs } from '@/db/schema';
import { uploadArtifact } from '@/lib/artifacts/upload-artifact';
import { dataDir } from '@/lib/config';
import { writePartialFile } from '@/lib/storage/durable-files';
import { makeActor } from '@/lib/testing';
void (async () => {
const actor = await makeActor(['data_scientist']);
const form = new FormData();
form.append('file', new Blob([new Uint8Array(1024 * 1024).fill(7)]), 'model.onnx');
const outcome = await uploadArtifact(actor, new Request('http://localhost/api/v1/artifacts', { method: 'POST', body: form })).then(
  () => ({ stored: true }),
  (error) => ({ name: error.constructor.name, status: error.status, code: error.code }),
);
const tmp = path.join(dataDir(), 'blobs', 'tmp');
const leftovers = fs.existsSync(tmp) ? fs.readdirSync(tmp) : [];
let packFile = 'stored';
try {
  writePartialFile(path.join(dataDir(), 'blobs', 'pack.pdf.partial'), Buffer.alloc(1024 * 1024, 1));
} catch (error) {
  packFile = error.constructor.name;
}
const besideTmp = fs.readdirSync(path.join(dataDir(), 'blobs')).filter((name) => name !== 'tmp');
console.log(JSON.stringify({ ...outcome, leftovers, rows: (await getDb().select({ n: count() }).from(blobs))[0].n, packFile, besideTmp }));
})();
`;

const canMount = spawnSync('unshare', ['-Urm', 'true']).status === 0;

describe('a blob written to a full disk', () => {
  it.runIf(canMount)('throws InsufficientStorage (507) and leaves no partial file and no row; so does a pack file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-full-'));
    fs.mkdirSync(path.join(dir, 'blobs'));
    const run = spawnSync('unshare', ['-Urm', 'sh', '-c', 'mount -t tmpfs -o size=256k tmpfs "$DATA_DIR/blobs" && exec npx tsx --conditions=react-server --eval "$SCRIPT"'], {
      env: { ...process.env, DATA_DIR: dir, SCRIPT },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').pop()!)).toEqual({ name: 'InsufficientStorage', status: 507, code: 'insufficient_storage', leftovers: [], rows: 0, packFile: 'InsufficientStorage', besideTmp: [] });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
