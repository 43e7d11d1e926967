import { execFileSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity, Verifier } from '@sigstore/verify';

/**
 * Test support: two verifiers that share no code with the signer. openssl checks the DER signature over a PAE built
 * here by hand; @sigstore/verify (sigstore-js) parses the bundle and verifies the DSSE envelope with the public key.
 */
type BundleJson = { dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string }[] } };

export function opensslVerifies(bundle: BundleJson, publicKeyPem: string): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-openssl-'));
  try {
    const payload = Buffer.from(bundle.dsseEnvelope.payload, 'base64');
    const type = bundle.dsseEnvelope.payloadType;
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${payload.length} `), payload]);
    fs.writeFileSync(path.join(dir, 'pae.bin'), pae);
    fs.writeFileSync(path.join(dir, 'sig.der'), Buffer.from(bundle.dsseEnvelope.signatures[0]!.sig, 'base64'));
    fs.writeFileSync(path.join(dir, 'pub.pem'), publicKeyPem);
    execFileSync('openssl', ['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.der', 'pae.bin'], { cwd: dir, stdio: 'pipe' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Throws (VerificationError) unless sigstore-js accepts the bundle with this key, offline: no log, no timestamps. */
export function sigstoreVerify(bundle: unknown, publicKeyPem: string) {
  const publicKey = createPublicKey(publicKeyPem);
  const verifier = new Verifier(
    { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [], publicKey: () => ({ publicKey, validFor: () => true }) },
    { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 },
  );
  return verifier.verify(toSignedEntity(bundleFromJSON(bundle)));
}

export const statementOf = (bundle: BundleJson) => JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));

/** The key id as openssl computes it: SHA-256 of the DER SubjectPublicKeyInfo. */
export function opensslKeyId(publicKeyPem: string): string {
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], { input: publicKeyPem });
  return execFileSync('sha256sum', { input: der }).toString().split(' ')[0]!;
}
