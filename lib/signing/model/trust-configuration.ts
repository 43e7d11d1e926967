import { createHash, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { TrustConfiguration } from '@/db/schema/signing';

export const EMPTY_TRUST: TrustConfiguration = { keys: [], certificateAuthorities: [], trustedRootSha256: null, trustedRootIdentities: [] };

/** Provenant's key id: hex SHA-256 of the SubjectPublicKeyInfo DER (what cosign and Sigstore call the key's fingerprint). */
export function keyIdOf(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** model_signing's hint: hex SHA-256 of the PEM text (sign_ec_key.py), which a bundle it signed carries. */
export function pemHintOf(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'pem' })).digest('hex');
}

/** A public key from PEM text; tools print text around it (certtool --pubkey-info does), so only the PEM block is read. */
export function readPublicKeyPem(text: string): KeyObject {
  const block = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(text)?.[0];
  if (!block) throw new Error('No "BEGIN PUBLIC KEY" block.');
  const key = createPublicKey(block);
  if (key.type !== 'public') throw new Error('Not a public key.');
  return key;
}

/** Every certificate of a PEM chain, in order; at least one. */
export function readCertificateChainPem(text: string): X509Certificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error('No "BEGIN CERTIFICATE" block.');
  return blocks.map((b) => new X509Certificate(b));
}
