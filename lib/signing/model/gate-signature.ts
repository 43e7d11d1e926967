import 'server-only';
import type { Db, Tx } from '@/db';
import type { GateSignature } from '@/lib/promotion/evaluate-gate';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';
import { MAX_BUNDLE_BYTES } from './bundle-limit';
import { recentModelSignatures } from './queries';
import { verifyForVersion } from './verify-for-version';

/** How many of the latest signatures the gate verifies again: enough for re-signing, bounded for a version signed in a loop. */
export const SIGNATURES_CHECKED = 10;

type SignatureNow = NonNullable<GateSignature> & { trustConfigVersion: number | null };

/** A stored signature verified again, against the trust configuration as it is now. */
async function verifyStored(db: Db | Tx, bundleSha256: string, artifactSha256: string): Promise<SignatureNow> {
  let bundle: Buffer | null;
  try {
    bundle = await getBlobStore().readBytes(bundleSha256, MAX_BUNDLE_BYTES);
  } catch {
    bundle = null;
  }
  if (!bundle) return { problem: 'invalid', signerIdentity: null, reason: `The stored bundle (${bundleSha256}) cannot be read from the blob store: attach it again.`, trustConfigVersion: null };
  const result = await verifyForVersion(db, bundle, artifactSha256);
  return { problem: result.problem, signerIdentity: result.signerIdentity, reason: result.reason, trustConfigVersion: result.trustConfigVersion };
}

/**
 * At promotion the requirement is met when ANY of the latest SIGNATURES_CHECKED signatures (as cosign passes when
 * one verifies) verifies now with an allowed signer; otherwise the latest one's result, with how many were checked.
 * The checker answers for any list of allowed signers: the gates of one version for several targets read its
 * signatures once and verify each stored bundle at most once.
 */
export function gateSignatureChecker(db: Db | Tx, versionId: string, artifactSha256: string) {
  let recent: ReturnType<typeof recentModelSignatures> | undefined;
  const verified = new Map<string, Promise<SignatureNow>>();
  const verify = (bundleSha256: string) => {
    if (!verified.has(bundleSha256)) verified.set(bundleSha256, verifyStored(db, bundleSha256, artifactSha256));
    return verified.get(bundleSha256)!;
  };
  return async (identities: string[]): Promise<GateSignature> => {
    const rows = await (recent ??= recentModelSignatures(db, versionId, SIGNATURES_CHECKED));
    if (rows.length === 0) return null;
    let latest: SignatureNow | undefined;
    for (const row of rows) {
      const now = await verify(row.bundleSha256);
      latest ??= now;
      if (!now.problem && identities.includes(now.signerIdentity ?? '')) return { ...now, checked: rows.length };
    }
    return { ...latest!, checked: rows.length };
  };
}

/** `gateSignatureChecker` asked once. */
export async function gateSignature(db: Db | Tx, versionId: string, artifactSha256: string, identities: string[]): Promise<GateSignature> {
  return await gateSignatureChecker(db, versionId, artifactSha256)(identities);
}

/** The latest signature verified now, for the version page (its stored status is the one at upload). */
export async function latestSignatureNow(db: Db | Tx, versionId: string, artifactSha256: string): Promise<SignatureNow | null> {
  const [latest] = await recentModelSignatures(db, versionId, 1);
  return latest ? await verifyStored(db, latest.bundleSha256, artifactSha256) : null;
}
