import 'server-only';
import { getDb } from '@/db';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { currentTrustConfig, trustConfigHistory } from './trust-config-queries';

/** The current trust configuration and the versions before it; admins only (it names who may sign for production). */
export async function getTrustConfig(actor: Actor) {
  assertCan(actor, 'trust.manage');
  const db = getDb();
  const current = await currentTrustConfig(db);
  return { version: current.version, createdAt: current.createdAt, config: current.config, history: await trustConfigHistory(db) };
}
