import 'server-only';
import { getDb } from '@/db';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { modelVersionWithOwners } from '@/lib/inventory/ownership';
import { listModelSignatures } from './queries';

/** A version's signatures for anyone who reads the inventory; an unknown version is a 404, not an empty list. */
export async function listVersionSignatures(actor: Actor, versionId: string, page: { page: number; pageSize: number }) {
  assertCan(actor, 'inventory.read');
  await modelVersionWithOwners(versionId);
  return await listModelSignatures(getDb(), versionId, page);
}
