import 'server-only';
import { toTrustMaterial } from '@sigstore/verify';
import { withTransaction } from '@/db';
import { trustConfigs } from '@/db/schema';
import type { TrustConfiguration } from '@/db/schema/signing';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Invalid } from '@/lib/errors';
import { canonicalJson } from '@/lib/canonical-json';
import type { UpdateTrustConfigInput } from './schemas';
import { recordBlobRow, stageBytes } from './store-bytes';
import { currentTrustConfig } from './trust-config-queries';
import { keyIdOf, readCertificateChainPem, readPublicKeyPem } from './trust-configuration';
import { toTrustedRoot, ZTrustedRootJson } from './trusted-root';

type Issue = { path: string; message: string };

/** PEMs are checked with node:crypto as they arrive; a key is stored in its canonical SPKI PEM with its key id. */
function validated(input: UpdateTrustConfigInput, issues: Issue[]) {
  const keys = input.keys.flatMap((k, i) => {
    try {
      const key = readPublicKeyPem(k.publicKeyPem);
      return [{ keyId: keyIdOf(key), publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(), identity: k.identity }];
    } catch (error) {
      issues.push({ path: `keys.${i}.publicKeyPem`, message: `Not a public key in PEM: ${(error as Error).message}` });
      return [];
    }
  });
  const seen = new Set<string>();
  keys.forEach((k, i) => (seen.has(k.keyId) ? issues.push({ path: `keys.${i}.publicKeyPem`, message: 'This key is listed twice.' }) : seen.add(k.keyId)));
  input.certificateAuthorities.forEach((ca, i) => {
    try {
      const chain = readCertificateChainPem(ca.certificateChainPem);
      if (!chain.some((c) => c.ca)) issues.push({ path: `certificateAuthorities.${i}.certificateChainPem`, message: 'None of these certificates is a certificate authority.' });
    } catch (error) {
      issues.push({ path: `certificateAuthorities.${i}.certificateChainPem`, message: `Not a certificate chain in PEM: ${(error as Error).message}` });
    }
  });
  return keys;
}

function readTrustedRoot(json: Record<string, unknown>, issues: Issue[]): Buffer | null {
  const parsed = ZTrustedRootJson.safeParse(json);
  if (!parsed.success) {
    issues.push({ path: 'trustedRoot', message: `Not a Sigstore trusted_root.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    return null;
  }
  try {
    toTrustMaterial(toTrustedRoot(parsed.data));
  } catch (error) {
    issues.push({ path: 'trustedRoot', message: `The trusted root holds an unreadable key or certificate: ${(error as Error).message}` });
    return null;
  }
  return Buffer.from(JSON.stringify(json, null, 2));
}

/**
 * Saves the trust configuration as its next version (immutable, audited); the same configuration again writes
 * nothing. Verifications name the version they were checked against; the gate always uses the latest.
 */
export async function updateTrustConfig(actor: Actor, input: UpdateTrustConfigInput) {
  assertCan(actor, 'trust.manage');
  const issues: Issue[] = [];
  const keys = validated(input, issues);
  const rootBytes = input.trustedRoot ? readTrustedRoot(input.trustedRoot, issues) : null;
  if (issues.length) throw new Invalid('The trust configuration was not saved.', issues);
  const upload = rootBytes ? await stageBytes(rootBytes) : null;
  const rootSha256 = upload?.staged.sha256;
  await upload?.commit();
  return await withTransaction(async (tx) => {
    const current = await currentTrustConfig(tx);
    const trustedRootSha256 = input.trustedRoot === undefined ? current.config.trustedRootSha256 : (rootSha256 ?? null);
    const config: TrustConfiguration = { keys, certificateAuthorities: input.certificateAuthorities, trustedRootSha256, trustedRootIdentities: input.trustedRootIdentities };
    if (current.version !== null && canonicalJson(current.config) === canonicalJson(config)) return { version: current.version, config: current.config, changed: false };
    if (upload && rootBytes) await recordBlobRow(tx, { sha256: upload.staged.sha256, size: rootBytes.length, originalName: 'trusted_root.json', mediaType: 'application/json', uploadedById: actor.userId });
    const version = (current.version ?? 0) + 1;
    await tx.insert(trustConfigs).values({ version, config, createdById: actor.userId });
    const summary = (c: TrustConfiguration) => ({ keys: c.keys.map((k) => `${k.identity} (${k.keyId.slice(0, 16)})`), certificateAuthorities: c.certificateAuthorities.map((a) => `${a.name}: ${a.identities.join(', ')}`), trustedRootSha256: c.trustedRootSha256, trustedRootIdentities: (c.trustedRootIdentities ?? []).map((i) => `${i.subjectAlternativeName} (${i.issuer})`) });
    await recordAudit(tx, actor, { action: 'trust_config.updated', entityType: 'trust_config', entityId: String(version), before: current.version === null ? undefined : { version: current.version, ...summary(current.config) }, after: { version, ...summary(config) } });
    return { version, config, changed: true };
  });
}

