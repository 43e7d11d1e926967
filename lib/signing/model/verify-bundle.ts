import { verify as verifySignature, X509Certificate, type KeyObject } from 'node:crypto';
import { bundleFromJSON, isBundleWithDsseEnvelope, type Bundle } from '@sigstore/bundle';
import { toSignedEntity, toTrustMaterial, Verifier, VerificationError, type SignedEntity, type TrustMaterial } from '@sigstore/verify';
import type { TrustConfiguration } from '@/db/schema/signing';
import { chainProblem } from './authority-chain';
import { parseModelSigningStatement, type SignedFile } from './statement';
import { keyIdOf, pemHintOf, readCertificateChainPem, readPublicKeyPem } from './trust-configuration';

type TrustedRoot = Parameters<typeof toTrustMaterial>[0];

/** Why a signature does not count; null when it verifies and signs these bytes. */
export type SignatureProblem = 'malformed' | 'untrusted' | 'invalid' | 'other_bytes' | 'bytes_not_held';
export type SignatureVerification = { status: 'verified' | 'failed'; problem: SignatureProblem | null; signerIdentity: string | null; signedFiles: SignedFile[]; reason: string };
/** formerKeys: keys of earlier trust configurations, only to name an untrusted key the way /admin/trust does. */
export type VerifyModelSignatureInput = { bundle: Buffer; trust: TrustConfiguration; trustedRoot: TrustedRoot | null; artifactSha256: string; bytesHeld: boolean; formerKeys?: TrustConfiguration['keys'] };

class Refusal extends Error {
  constructor(readonly problem: SignatureProblem, message: string, readonly signerIdentity: string | null = null) {
    super(message);
  }
}

const NO_ROOT = { mediaType: '', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] } as unknown as TrustedRoot;
const CURVE_HASH: Record<string, string> = { prime256v1: 'sha256', secp384r1: 'sha384', secp521r1: 'sha512' };

/**
 * @sigstore/verify 3.1 checks every ECDSA signature with SHA-256; Sigstore's algorithm registry (and model_signing)
 * pairs P-384 with SHA-384 and P-521 with SHA-512, so the hash follows the key's curve here.
 */
function withCurveHash(entity: SignedEntity, envelope: NonNullable<Bundle['content']> & { $case: 'dsseEnvelope' }): SignedEntity {
  const { payloadType, payload } = envelope.dsseEnvelope;
  const type = Buffer.from(payloadType, 'utf8');
  const pae = Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
  const content = entity.signature;
  const verify = (key: KeyObject) => {
    const hash = CURVE_HASH[key.asymmetricKeyDetails?.namedCurve ?? ''];
    return hash ? verifySignature(hash, pae, key, content.signature) : content.verifySignature(key);
  };
  return { ...entity, signature: { signature: content.signature, compareDigest: (d) => content.compareDigest(d), compareSignature: (s) => content.compareSignature(s), verifySignature: verify } };
}

function runVerifier(material: TrustMaterial, entity: SignedEntity, thresholds: { tlog: number }) {
  try {
    return new Verifier(material, { tlogThreshold: thresholds.tlog, ctlogThreshold: thresholds.tlog, timestampThreshold: thresholds.tlog }).verify(entity);
  } catch (error) {
    if (!(error instanceof VerificationError)) throw error;
    if (error.code === 'SIGNATURE_ERROR') throw new Refusal('invalid', 'The signature does not match the signed statement: the statement was altered, or another key signed it.');
    throw new Refusal('untrusted', `Verification failed (${error.code}): ${error.message}.`);
  }
}

const withKeyObjects = (keys: TrustConfiguration['keys']) => keys.map((k) => ({ ...k, key: readPublicKeyPem(k.publicKeyPem) }));
const matchesHint = (hint: string) => (k: ReturnType<typeof withKeyObjects>[number]) => k.keyId === hint || keyIdOf(k.key) === hint || pemHintOf(k.key) === hint;

/** Names an untrusted key by its DER key id (as /admin/trust does) when a former key matches; else both ids are explained. */
function unknownKeyReason(hint: string, formerKeys: TrustConfiguration['keys']) {
  const former = withKeyObjects(formerKeys).find(matchesHint(hint));
  if (former) return `Signed with the key ${keyIdOf(former.key)} (once trusted for ${former.identity}), which the current trust configuration does not hold.`;
  return `Signed with a key the trust configuration does not hold: the bundle's hint ${hint} is model_signing's SHA-256 of the key's PEM text, while /admin/trust lists keys by the SHA-256 of their DER, which the hint cannot give.`;
}

/** Key-signed bundles (model_signing `sign key`) carry no transparency-log entry: the admin's pinned key is the trust, as with cosign's --insecure-ignore-tlog. */
function verifyWithKey(bundle: Bundle, entity: SignedEntity, input: VerifyModelSignatureInput): string {
  const { trust, trustedRoot } = input;
  const hint = bundle.verificationMaterial.content.$case === 'publicKey' ? bundle.verificationMaterial.content.publicKey.hint : '';
  const keys = withKeyObjects(trust.keys);
  const candidates = hint ? keys.filter(matchesHint(hint)) : keys;
  if (candidates.length === 0) throw new Refusal('untrusted', hint ? unknownKeyReason(hint, input.formerKeys ?? []) : 'No trusted public key is configured.');
  let last: unknown;
  for (const candidate of candidates) {
    try {
      runVerifier(toTrustMaterial(trustedRoot ?? NO_ROOT, () => ({ publicKey: candidate.key, validFor: () => true })), entity, { tlog: 0 });
      return candidate.identity;
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

const sanOf = (cert: X509Certificate) => cert.subjectAltName?.split(', ')[0]?.replace(/^[A-Za-z ]+:/, '') ?? null;
const commonNameOf = (cert: X509Certificate) => /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1] ?? null;

/** A certificate from an admin-trusted authority (model_signing `sign certificate`): chain, then identity, then signature. */
function verifyWithAuthority(bundle: Bundle, entity: SignedEntity, trust: TrustConfiguration, bundled: X509Certificate[]): string {
  const material = bundle.verificationMaterial.content;
  const ders = material.$case === 'x509CertificateChain' ? material.x509CertificateChain.certificates.map((c) => c.rawBytes) : material.$case === 'certificate' ? [material.certificate.rawBytes] : [];
  const [leaf, ...chained] = ders.map((der) => new X509Certificate(der));
  const intermediates = [...chained, ...bundled];
  if (!leaf) throw new Refusal('malformed', 'The bundle names no signing certificate.');
  const identity = sanOf(leaf) ?? commonNameOf(leaf) ?? leaf.subject;
  let why = 'No certificate authority is configured.';
  for (const ca of trust.certificateAuthorities) {
    why = chainProblem(leaf, intermediates, readCertificateChainPem(ca.certificateChainPem)) ?? '';
    if (why) continue;
    if (!ca.identities.includes(identity)) throw new Refusal('untrusted', `Signed by ${identity}, whom the authority ${ca.name} is not trusted to vouch for.`, identity);
    const signer = { $case: 'public-key' as const, hint: 'signing-certificate' };
    runVerifier(toTrustMaterial(NO_ROOT, () => ({ publicKey: leaf.publicKey, validFor: () => true })), { ...entity, key: signer }, { tlog: 0 });
    return identity;
  }
  throw new Refusal('untrusted', why);
}

/** Keyless (Fulcio certificate, Rekor entry): the uploaded trusted root vouches, and the SAN + issuer must be trusted. */
function verifyKeyless(entity: SignedEntity, trust: TrustConfiguration, trustedRoot: TrustedRoot): string {
  const signer = runVerifier(toTrustMaterial(trustedRoot), entity, { tlog: 1 });
  const san = signer.identity?.subjectAlternativeName ?? '';
  const issuer = signer.identity?.extensions?.issuer ?? '';
  const trusted = trust.trustedRootIdentities.some((i) => i.subjectAlternativeName === san && i.issuer === issuer);
  if (!trusted) throw new Refusal('untrusted', `Signed by ${san || 'an unnamed identity'} (issuer ${issuer || 'unknown'}), which is not a trusted identity.`, san || null);
  return san;
}

/**
 * model_signing's `sign certificate` writes a v0.3 bundle with an x509CertificateChain, which the v0.3 spec (and
 * @sigstore/bundle) allow only up to v0.2: the chain's first certificate is read as the bundle's certificate and
 * the rest are kept as intermediates for the authority check.
 */
function readBundle(bytes: Buffer) {
  let bundle: Bundle;
  let intermediates: string[] = [];
  try {
    const json = JSON.parse(bytes.toString('utf8'));
    const chain = json?.verificationMaterial?.x509CertificateChain?.certificates;
    if (Array.isArray(chain) && chain.length > 0 && typeof json.mediaType === 'string' && json.mediaType.includes('v0.3')) {
      const { x509CertificateChain: _, ...material } = json.verificationMaterial;
      intermediates = chain.slice(1).map((c: { rawBytes?: unknown }) => String(c?.rawBytes ?? ''));
      json.verificationMaterial = { ...material, certificate: chain[0] };
    }
    bundle = bundleFromJSON(json);
  } catch (error) {
    throw new Refusal('malformed', `Not a Sigstore bundle: ${(error as Error).message}.`);
  }
  if (!isBundleWithDsseEnvelope(bundle)) throw new Refusal('malformed', 'The bundle signs a message, not a DSSE statement: it is not an OpenSSF model signature.');
  try {
    const statement = parseModelSigningStatement(bundle.content.dsseEnvelope.payloadType, bundle.content.dsseEnvelope.payload);
    return { bundle, envelope: bundle.content, statement, intermediates: intermediates.map((b64) => new X509Certificate(Buffer.from(b64, 'base64'))) };
  } catch (error) {
    throw new Refusal('malformed', (error as Error).message);
  }
}

/** Offline verification of an OpenSSF model-signing bundle, then whether it signs the version's bytes. Pure: no I/O. */
export function verifyModelSignature(input: VerifyModelSignatureInput): SignatureVerification {
  try {
    const { bundle, envelope, statement, intermediates } = readBundle(input.bundle);
    const entity = withCurveHash(toSignedEntity(bundle), envelope);
    const keyed = bundle.verificationMaterial.content.$case === 'publicKey';
    const keyless = !keyed && bundle.verificationMaterial.tlogEntries.length > 0 && input.trustedRoot;
    const identity = keyed ? verifyWithKey(bundle, entity, input) : keyless ? verifyKeyless(entity, input.trust, input.trustedRoot!) : verifyWithAuthority(bundle, entity, input.trust, intermediates);
    const base = { signerIdentity: identity, signedFiles: statement.files };
    const listed = statement.files.map((f) => f.name).join(', ');
    if (!statement.files.some((f) => f.sha256 === input.artifactSha256)) {
      return { ...base, status: 'failed', problem: 'other_bytes', reason: `Signed by ${identity}, but it signs other bytes: none of ${listed} has this version's SHA-256 ${input.artifactSha256}.` };
    }
    if (!input.bytesHeld) {
      return { ...base, status: 'failed', problem: 'bytes_not_held', reason: `Signed by ${identity} for this version's SHA-256, but Provenant does not hold the bytes, so it cannot check them: upload the artifact.` };
    }
    return { ...base, status: 'verified', problem: null, reason: `Signed by ${identity}; the signed ${statement.files.find((f) => f.sha256 === input.artifactSha256)!.name} is this version's bytes.` };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return { status: 'failed', problem: error.problem, signerIdentity: error.signerIdentity, signedFiles: [], reason: error.message };
  }
}
