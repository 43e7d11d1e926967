import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataDir } from '@/lib/config';
import { ensureSigningKey } from '@/lib/signing/attest/ensure-signing-key';
import { keyFilePath } from '@/lib/signing/attest/key-files';
import { listSigningKeys } from '@/lib/signing/attest/queries';
import { makeActor } from '@/lib/testing';
import { runCli } from '@/lib/testing-cli';

describe('npm run cli -- signing-key rotate', () => {
  it('recovers from a lost private key: the old key is retired, a new one signs, the server can start again', async () => {
    const lost = await ensureSigningKey();
    fs.rmSync(keyFilePath(lost.keyId));
    await expect(async () => await ensureSigningKey()).rejects.toThrow(/signing-key rotate/);
    const run = runCli(['signing-key', 'rotate'], { env: { DATA_DIR: dataDir() } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Retired signing key ${lost.keyId}`);
    const fresh = await ensureSigningKey();
    expect(fresh.keyId).not.toBe(lost.keyId);
    expect(run.stdout.trim()).toBe(fresh.publicKeyPem.trim());
    const listed = await listSigningKeys(await makeActor(['auditor']));
    expect(listed.map((k) => [k.keyId, k.active])).toEqual([[fresh.keyId, true], [lost.keyId, false]]);
  }, 60_000);
});
