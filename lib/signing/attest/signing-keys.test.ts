import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, unguardedWriter } from '@/db';
import { auditEvents, signingKeys } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { makeActor } from '@/lib/testing';
import { preAuthEncoding } from './dsse';
import { ensureSigningKey } from './ensure-signing-key';
import { keyFilePath } from './key-files';
import { listSigningKeys } from './queries';
import { rotateSigningKey } from './rotate-signing-key';
import { signStatement } from './sign-statement';
import { inTotoStatement } from './statement';
import { opensslKeyId, opensslVerifies, sigstoreVerify, statementOf } from './testing';

const auditCount = async (action: string) => (await getDb().select().from(auditEvents).where(eq(auditEvents.action, action))).length;
const sample = () => inTotoStatement([{ name: 'card.json', digest: { sha256: 'ab'.repeat(32) } }], 'https://provenant.dev/attestation/test/v1', { note: 'test' });

let admin: Actor;
let ds: Actor;
let auditor: Actor;

beforeAll(async () => {
  [admin, ds, auditor] = await Promise.all([makeActor(['admin']), makeActor(['data_scientist']), makeActor(['auditor'])]);
});

describe('DSSE pre-authentication encoding', () => {
  it('matches the test vector of the DSSE protocol', () => {
    // https://github.com/secure-systems-lab/dsse/blob/master/protocol.md#test-case
    expect(preAuthEncoding('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  });

  it('counts lengths in bytes, not characters', () => {
    expect(preAuthEncoding('t', Buffer.from('é')).toString()).toBe('DSSEv1 1 t 2 é');
  });
});

describe("Provenant's signing key", () => {
  it('is created once, audited, stored 0600 under DATA_DIR/keys with the id openssl computes', async () => {
    const first = await ensureSigningKey();
    const again = await ensureSigningKey();
    expect(again.keyId).toBe(first.keyId);
    expect(await getDb().select().from(signingKeys)).toHaveLength(1);
    expect(await auditCount('signing_key.created')).toBe(1);
    expect(fs.statSync(keyFilePath(first.keyId)).mode & 0o777).toBe(0o600);
    expect(opensslKeyId(first.publicKeyPem)).toBe(first.keyId);
  });

  it('signs a bundle that openssl and @sigstore/verify accept, and that both refuse once tampered', async () => {
    const key = await ensureSigningKey();
    const bundle = await signStatement(sample());
    expect(bundle.verificationMaterial.publicKey.hint).toBe(key.keyId);
    // cosign (sigstore-go -> go-securesystemslib dsse/verify.go at 293854d5) skips a verifier when the signature's keyid
    // is non-empty and differs from the key's SSH SHA-256 fingerprint: an empty keyid is the one every key accepts.
    expect(bundle.dsseEnvelope.signatures).toEqual([{ sig: expect.any(String), keyid: '' }]);
    expect(statementOf(bundle)).toEqual(sample());
    expect(opensslVerifies(bundle, key.publicKeyPem)).toBe(true);
    expect(() => sigstoreVerify(bundle, key.publicKeyPem)).not.toThrow();
    const forged = { ...sample(), subject: [{ name: 'card.json', digest: { sha256: 'cd'.repeat(32) } }] };
    const tampered = { ...bundle, dsseEnvelope: { ...bundle.dsseEnvelope, payload: Buffer.from(JSON.stringify(forged)).toString('base64') } };
    expect(opensslVerifies(tampered, key.publicKeyPem)).toBe(false);
    expect(() => sigstoreVerify(tampered, key.publicKeyPem)).toThrow();
  });

  it('is rotated only by an admin or the operator; the old key is retired, listed and still verifies what it signed', async () => {
    const before = await ensureSigningKey();
    const signedBefore = await signStatement(sample());
    await expect(async () => await rotateSigningKey(ds)).rejects.toThrow(/signing_key.rotate/);
    await expect(async () => await rotateSigningKey(auditor)).rejects.toThrow(/signing_key.rotate/);
    const { retired, created } = await rotateSigningKey(admin);
    expect(retired?.keyId).toBe(before.keyId);
    expect((await ensureSigningKey()).keyId).toBe(created.keyId);
    expect(await auditCount('signing_key.rotated')).toBe(1);
    const listed = await listSigningKeys(auditor);
    expect(listed.map((k) => [k.keyId, k.active])).toEqual([[created.keyId, true], [before.keyId, false]]);
    const old = listed.find((k) => k.keyId === before.keyId)!;
    expect(old.retiredAt).not.toBeNull();
    expect(opensslVerifies(signedBefore, old.publicKeyPem)).toBe(true);
    expect(opensslVerifies(signedBefore, created.publicKeyPem)).toBe(false);
    expect(opensslVerifies(await signStatement(sample()), created.publicKeyPem)).toBe(true);
    await rotateSigningKey(systemActor('cli'));
    expect((await getDb().select().from(signingKeys)).filter((k) => k.retiredAt === null)).toHaveLength(1);
  });

  it('refuses to start without the active private key instead of making a new identity', async () => {
    const active = await ensureSigningKey();
    const file = keyFilePath(active.keyId);
    const bytes = fs.readFileSync(file);
    fs.rmSync(file);
    const rows = (await getDb().select().from(signingKeys)).length;
    await expect(async () => await ensureSigningKey()).rejects.toThrow(/missing.*signing-key rotate/s);
    await expect(async () => await signStatement(sample())).rejects.toThrow(/missing/);
    expect(await getDb().select().from(signingKeys)).toHaveLength(rows);
    fs.writeFileSync(file, fs.readFileSync(keyFilePath((await listSigningKeys(auditor))[1]!.keyId)));
    await expect(async () => await ensureSigningKey()).rejects.toThrow(/does not hold the private key/);
    fs.writeFileSync(file, bytes);
    expect((await ensureSigningKey()).keyId).toBe(active.keyId);
  });

  it('keeps retiredAt immutable once set (database trigger)', async () => {
    const retired = (await listSigningKeys(auditor)).find((k) => !k.active)!;
    await expect(async () => await unguardedWriter().update(signingKeys).set({ retiredAt: null }).where(eq(signingKeys.keyId, retired.keyId))).rejects.toThrow();
  });
});
