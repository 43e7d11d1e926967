import 'server-only';
import fs from 'node:fs';
import { isNull } from 'drizzle-orm';
import { first, getDb, only, withTransaction } from '@/db';
import { signingKeys } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import { systemActor } from '@/lib/auth/actor';
import { readPrivateKey, writeNewKeyFile } from './key-files';

export type ActiveSigningKey = { keyId: string; publicKeyPem: string; privateKey: ReturnType<typeof readPrivateKey> };

const activeRow = async () => first(await getDb().select().from(signingKeys).where(isNull(signingKeys.retiredAt)).limit(1));

/**
 * The key Provenant signs with: created (and audited) on first start, when none is active. An active key whose
 * private file is missing or wrong is an error that says what to do, never a silent new identity.
 */
export async function ensureSigningKey(): Promise<ActiveSigningKey> {
  const active = await activeRow();
  if (active) return { keyId: active.keyId, publicKeyPem: active.publicKeyPem, privateKey: readPrivateKey(active.keyId) };
  const fresh = await writeNewKeyFile();
  const winner = await withTransaction(async (tx) => {
    // Two processes starting together: the first to commit wins, the other's file is discarded.
    const existing = first(await tx.select().from(signingKeys).where(isNull(signingKeys.retiredAt)).limit(1));
    if (existing) return existing;
    const row = only(await tx.insert(signingKeys).values({ keyId: fresh.keyId, publicKeyPem: fresh.publicKeyPem }).returning());
    await recordAudit(tx, systemActor('signing key'), { action: 'signing_key.created', entityType: 'signing_key', entityId: row.keyId, after: { keyId: row.keyId, publicKeyPem: row.publicKeyPem } });
    return row;
  });
  if (winner.keyId !== fresh.keyId) fs.rmSync(fresh.file, { force: true });
  return { keyId: winner.keyId, publicKeyPem: winner.publicKeyPem, privateKey: readPrivateKey(winner.keyId) };
}
