import 'server-only';
import { sign } from 'node:crypto';
import { IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from './dsse';
import { ensureSigningKey, type ActiveSigningKey } from './ensure-signing-key';
import type { Statement } from './statement';

export const SIGSTORE_BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

/**
 * A Sigstore bundle v0.3 holding the statement in a DSSE envelope, signed with Provenant's active key (ECDSA P-256,
 * SHA-256, DER signature). Key-based and offline: `tlogEntries` present and empty (@sigstore/bundle requires it), so
 * cosign verifies with `--key ... --insecure-ignore-tlog`. The key id travels as the hint; the DSSE keyid stays empty
 * because cosign's DSSE verifier (go-securesystemslib) skips a key whose SSH fingerprint differs from a non-empty keyid.
 */
export async function signStatement<P>(statement: Statement<P>, givenKey?: ActiveSigningKey) {
  const key = givenKey ?? (await ensureSigningKey());
  const payload = Buffer.from(JSON.stringify(statement), 'utf8');
  const signature = sign('sha256', preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload), { key: key.privateKey, dsaEncoding: 'der' });
  return {
    mediaType: SIGSTORE_BUNDLE_MEDIA_TYPE,
    verificationMaterial: { publicKey: { hint: key.keyId }, tlogEntries: [] as never[], timestampVerificationData: { rfc3161Timestamps: [] as never[] } },
    dsseEnvelope: { payload: payload.toString('base64'), payloadType: IN_TOTO_PAYLOAD_TYPE, signatures: [{ sig: signature.toString('base64'), keyid: '' }] },
  };
}

export type SigstoreBundle = Awaited<ReturnType<typeof signStatement>>;
