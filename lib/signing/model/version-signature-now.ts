import 'server-only';
import { getDb } from '@/db';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { modelVersionWithOwners } from '@/lib/inventory/ownership';
import { latestSignatureNow } from './gate-signature';

/** The version's latest signature verified against today's trust configuration (the stored status is the upload's). */
export async function versionSignatureNow(actor: Actor, versionId: string) {
  assertCan(actor, 'inventory.read');
  const { version } = await modelVersionWithOwners(versionId);
  return await latestSignatureNow(getDb(), version.id, version.artifactSha256);
}
