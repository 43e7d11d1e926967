import 'server-only';
import fs from 'node:fs';
import type { Db, Tx } from '@/db';
import { blobPath } from '@/lib/artifacts/blob-store';
import type { GateSignature } from '@/lib/promotion/evaluate-gate';
import { latestModelSignature } from './queries';
import { verifyForVersion } from './verify-for-version';

/** At promotion the latest signature is verified again, against the trust configuration as it is now. */
export function gateSignature(db: Db | Tx, versionId: string, artifactSha256: string): GateSignature {
  const latest = latestModelSignature(db, versionId);
  if (!latest) return null;
  let bundle: Buffer;
  try {
    bundle = fs.readFileSync(blobPath(latest.bundleSha256));
  } catch {
    return { problem: 'invalid', signerIdentity: null, reason: `The stored bundle (${latest.bundleSha256}) cannot be read from the data directory: attach it again.` };
  }
  const result = verifyForVersion(db, bundle, artifactSha256);
  return { problem: result.problem, signerIdentity: result.signerIdentity, reason: result.reason };
}
