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
  const result = verifyForVersion(db, fs.readFileSync(blobPath(latest.bundleSha256)), artifactSha256);
  return { problem: result.problem, signerIdentity: result.signerIdentity, reason: result.reason };
}
