import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelSigningStatement } from './statement';
import type { TrustConfiguration } from '@/db/schema/signing';
import { keyIdOf, readPublicKeyPem } from './trust-configuration';
import { toTrustedRoot, ZTrustedRootJson } from './trusted-root';
import { verifyModelSignature } from './verify-bundle';

// Fixtures: see fixtures/README.md (model_signing's own test bundles, Sigstore's production trusted root, and
// bundles made by openssl without Provenant's code by fixtures/make-openssl-bundles.sh).
const fixture = (p: string) => fs.readFileSync(path.join(__dirname, 'fixtures', p));
const sha256 = (p: string) => createHash('sha256').update(fixture(p)).digest('hex');
const MT = 'model-transparency';

function trustedKey(pemFile: string, identity: string) {
  const key = readPublicKeyPem(fixture(pemFile).toString('utf8'));
  return { keyId: keyIdOf(key), publicKeyPem: key.export({ type: 'spki', format: 'pem' }) as string, identity };
}
const trust = (over: Partial<TrustConfiguration> = {}): TrustConfiguration => ({ keys: [], certificateAuthorities: [], trustedRootSha256: null, trustedRootIdentities: [], ...over });
const prodRoot = () => toTrustedRoot(ZTrustedRootJson.parse(JSON.parse(fixture('sigstore-prod-trusted_root.json').toString('utf8'))));
const verify = (bundle: string, settings: TrustConfiguration, artifact: string, extra: { bytesHeld?: boolean; root?: boolean } = {}) =>
  verifyModelSignature({ bundle: fixture(bundle), trust: settings, trustedRoot: extra.root ? prodRoot() : null, artifactSha256: sha256(artifact), bytesHeld: extra.bytesHeld ?? true });

describe('model_signing v1.1.0 bundles from sigstore/model-transparency', () => {
  const mtKey = trustedKey(`${MT}/keys/signing-key-pub.pem`, 'model-transparency test key');

  it('verifies the key-signed bundle (P-384, signed with SHA-384, hint = SHA-256 of the PEM, no tlog entry)', () => {
    const result = verify(`${MT}/v1.1.0-elliptic-key/model.sig`, trust({ keys: [mtKey] }), `${MT}/v1.1.0-elliptic-key/signme-1`);
    expect(result).toMatchObject({ status: 'verified', problem: null, signerIdentity: 'model-transparency test key' });
    expect(result.signedFiles.map((f) => f.name)).toEqual(['signme-1', 'signme-2']);
    expect(result.signedFiles[0]!.sha256).toBe(sha256(`${MT}/v1.1.0-elliptic-key/signme-1`));
  });

  it('verifies the certificate-signed bundle against the admin-trusted root CA, for an identity that CA may vouch for', () => {
    const ca = { name: 'model-transparency test CA', certificateChainPem: fixture(`${MT}/keys/ca-cert.pem`).toString('utf8'), identities: ['intermediate-ca'] };
    expect(verify(`${MT}/v1.1.0-certificate/model.sig`, trust({ certificateAuthorities: [ca] }), `${MT}/v1.1.0-certificate/signme-2`)).toMatchObject({ status: 'verified', signerIdentity: 'intermediate-ca' });
    const narrower = { ...ca, identities: ['release@example.com'] };
    expect(verify(`${MT}/v1.1.0-certificate/model.sig`, trust({ certificateAuthorities: [narrower] }), `${MT}/v1.1.0-certificate/signme-2`)).toMatchObject({ status: 'failed', problem: 'untrusted', reason: expect.stringMatching(/Signed by intermediate-ca, whom the authority .* is not trusted/) });
    expect(verify(`${MT}/v1.1.0-certificate/model.sig`, trust({ certificateAuthorities: [{ ...ca, certificateChainPem: trustedRootCa() }] }), `${MT}/v1.1.0-certificate/signme-2`)).toMatchObject({ status: 'failed', problem: 'untrusted', reason: expect.stringMatching(/does not chain to a trusted certificate authority/) });
  });

  it('verifies the keyless (Fulcio + Rekor) bundle offline against the uploaded Sigstore trusted root, for a trusted SAN and issuer only', () => {
    const identity = { subjectAlternativeName: 'stefanb@us.ibm.com', issuer: 'https://sigstore.verify.ibm.com/oauth2' };
    const artifact = `${MT}/v1.1.0-sigstore/signme-1`;
    expect(verify(`${MT}/v1.1.0-sigstore/model.sig`, trust({ trustedRootIdentities: [identity] }), artifact, { root: true })).toMatchObject({ status: 'verified', signerIdentity: 'stefanb@us.ibm.com' });
    const otherIssuer = { ...identity, issuer: 'https://accounts.google.com' };
    expect(verify(`${MT}/v1.1.0-sigstore/model.sig`, trust({ trustedRootIdentities: [otherIssuer] }), artifact, { root: true })).toMatchObject({ status: 'failed', problem: 'untrusted', signerIdentity: 'stefanb@us.ibm.com' });
    // Without a trusted root the Fulcio certificate chains to nothing the admin trusts.
    expect(verify(`${MT}/v1.1.0-sigstore/model.sig`, trust({ trustedRootIdentities: [identity] }), artifact)).toMatchObject({ status: 'failed', problem: 'untrusted' });
  });
});

/** The Fulcio root from the production trusted root: a real CA that did not issue model_signing's test certificate. */
function trustedRootCa() {
  const raw = JSON.parse(fixture('sigstore-prod-trusted_root.json').toString('utf8')).certificateAuthorities[1].certChain.certificates[1].rawBytes as string;
  return `-----BEGIN CERTIFICATE-----\n${raw.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

describe('bundles made by openssl (an independent implementation of DSSE signing)', () => {
  const signer = trustedKey('openssl/signer.pub.pem', 'release-bot');
  const settings = trust({ keys: [signer] });

  it('verifies a P-256 bundle whose hint is the SHA-256 of the PEM', () => {
    expect(verify('openssl/model.sig', settings, 'openssl/model.bin')).toMatchObject({ status: 'verified', signerIdentity: 'release-bot', reason: expect.stringContaining('model.bin') });
  });

  it('refuses a payload changed after signing', () => {
    expect(verify('openssl/tampered.sig', settings, 'openssl/model.bin')).toMatchObject({ status: 'failed', problem: 'invalid', signedFiles: [] });
  });

  it("refuses a signature by another key under the trusted key's hint", () => {
    expect(verify('openssl/wrong-key.sig', settings, 'openssl/model.bin')).toMatchObject({ status: 'failed', problem: 'invalid' });
  });

  it('refuses a key the trust configuration does not hold', () => {
    expect(verify('openssl/untrusted-key.sig', settings, 'openssl/model.bin')).toMatchObject({ status: 'failed', problem: 'untrusted', reason: expect.stringMatching(/does not hold/) });
  });

  it('names an untrusted key by its DER key id, as /admin/trust does, when an earlier trust configuration held it', () => {
    const stranger = trustedKey('openssl/stranger.pub.pem', 'former-bot');
    const hint = createHash('sha256').update(fixture('openssl/stranger.pub.pem')).digest('hex');
    const result = verifyModelSignature({ bundle: fixture('openssl/untrusted-key.sig'), trust: settings, trustedRoot: null, artifactSha256: sha256('openssl/model.bin'), bytesHeld: true, formerKeys: [stranger] });
    expect(result.reason).toBe(`Signed with the key ${stranger.keyId} (once trusted for former-bot), which the current trust configuration does not hold.`);
    expect(result.reason).not.toContain(hint);
  });

  it('explains both ids when only the hint is known', () => {
    const hint = createHash('sha256').update(fixture('openssl/stranger.pub.pem')).digest('hex');
    expect(verify('openssl/untrusted-key.sig', settings, 'openssl/model.bin').reason).toBe(
      `Signed with a key the trust configuration does not hold: the bundle's hint ${hint} is model_signing's SHA-256 of the key's PEM text, while /admin/trust lists keys by the SHA-256 of their DER, which the hint cannot give.`,
    );
  });

  it('says when a valid signature signs other bytes', () => {
    expect(verify('openssl/other-bytes.sig', settings, 'openssl/model.bin')).toMatchObject({ status: 'failed', problem: 'other_bytes', signerIdentity: 'release-bot', reason: expect.stringMatching(/signs other bytes: none of other\.bin/) });
  });

  it('says when the bytes it signs are not held', () => {
    expect(verify('openssl/model.sig', settings, 'openssl/model.bin', { bytesHeld: false })).toMatchObject({ status: 'failed', problem: 'bytes_not_held', reason: expect.stringMatching(/does not hold the bytes/) });
  });

  it('refuses a statement of another predicate type', () => {
    expect(verify('openssl/other-predicate.sig', settings, 'openssl/model.bin')).toMatchObject({ status: 'failed', problem: 'malformed', reason: expect.stringContaining('https://slsa.dev/provenance/v1') });
  });

  it('refuses what is not a bundle', () => {
    for (const bytes of ['not json', '{}', JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' })]) {
      expect(verifyModelSignature({ bundle: Buffer.from(bytes), trust: settings, trustedRoot: null, artifactSha256: 'a'.repeat(64), bytesHeld: true })).toMatchObject({ status: 'failed', problem: 'malformed' });
    }
  });
});

describe('the model-signing statement', () => {
  const statement = (over: Record<string, unknown> = {}) => {
    const digest = 'ab'.repeat(32);
    const root = createHash('sha256').update(Buffer.from(digest, 'hex')).digest('hex');
    return Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', subject: [{ name: 'm', digest: { sha256: root } }], predicateType: 'https://model_signing/signature/v1.0', predicate: { resources: [{ name: 'w', algorithm: 'sha256', digest }], serialization: { method: 'files', hash_type: 'sha256' } }, ...over }));
  };
  it('reads the files and their digests', () => {
    expect(parseModelSigningStatement('application/vnd.in-toto+json', statement()).files).toEqual([{ name: 'w', sha256: 'ab'.repeat(32) }]);
  });
  it('refuses a subject digest that is not the digest of the listed files', () => {
    expect(() => parseModelSigningStatement('application/vnd.in-toto+json', statement({ subject: [{ name: 'm', digest: { sha256: 'cd'.repeat(32) } }] }))).toThrow(/inconsistent/);
  });
  it('refuses shard manifests, other payload types and non-SHA-256 digests', () => {
    expect(() => parseModelSigningStatement('application/vnd.in-toto+json', statement({ predicate: { resources: [{ name: 'w:0:10', algorithm: 'sha256', digest: 'ab'.repeat(32) }], serialization: { method: 'shards' } } }))).toThrow(/only per-file digests/);
    expect(() => parseModelSigningStatement('text/plain', statement())).toThrow(/not an in-toto statement/);
    expect(() => parseModelSigningStatement('application/vnd.in-toto+json', statement({ predicate: { resources: [{ name: 'w', algorithm: 'blake2b', digest: 'ab'.repeat(32) }], serialization: { method: 'files' } } }))).toThrow(/not a SHA-256/);
  });
});
