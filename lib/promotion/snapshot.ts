import 'server-only';
import { createHash } from 'node:crypto';
import type { Db, Tx } from '@/db';
import { buildCardContent } from '@/lib/cards/build-card-content';
import { canonicalJson } from '@/lib/canonical-json';

/**
 * What a signer approves: the AI Card of the version as it stands, as canonical JSON, and its SHA-256. The
 * target stage and policy version live on the request; the snapshot is the card alone, so a signed card's digest
 * and the snapshot digest are one and the same number.
 */
export async function buildSnapshot(db: Db | Tx, versionId: string) {
  const content = await buildCardContent(db, versionId);
  const json = canonicalJson(content);
  return { content, json, sha256: createHash('sha256').update(json).digest('hex') };
}
