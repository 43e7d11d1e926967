import 'server-only';
import fs from 'node:fs';
import { isNull } from 'drizzle-orm';
import { getDb } from '@/db';
import { signingKeys } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import { systemActor } from '@/lib/auth/actor';
import { readPrivateKey, writeNewKeyFile } from './key-files';

export type ActiveSigningKey = { keyId: string; publicKeyPem: string; privateKey: ReturnType<typeof readPrivateKey> };

const activeRow = () => getDb().select().from(signingKeys).where(isNull(signingKeys.retiredAt)).get();

/**
 * The key Provenant signs with: created (and audited) on first start, when none is active. An active key whose
 * private file is missing or wrong is an error that says what to do, never a silent new identity.
 */
export function ensureSigningKey(): ActiveSigningKey {
  const active = activeRow();
  if (active) return { keyId: active.keyId, publicKeyPem: active.publicKeyPem, privateKey: readPrivateKey(active.keyId) };
  const fresh = writeNewKeyFile();
  const winner = getDb().transaction(
    (tx) => {
      // Two processes starting together: the first to commit wins, the other's file is discarded.
      const existing = tx.select().from(signingKeys).where(isNull(signingKeys.retiredAt)).get();
      if (existing) return existing;
      const row = tx.insert(signingKeys).values({ keyId: fresh.keyId, publicKeyPem: fresh.publicKeyPem }).returning().get();
      recordAudit(tx, systemActor('signing key'), { action: 'signing_key.created', entityType: 'signing_key', entityId: row.keyId, after: { keyId: row.keyId, publicKeyPem: row.publicKeyPem } });
      return row;
    },
    { behavior: 'immediate' },
  );
  if (winner.keyId !== fresh.keyId) fs.rmSync(fresh.file, { force: true });
  return { keyId: winner.keyId, publicKeyPem: winner.publicKeyPem, privateKey: readPrivateKey(winner.keyId) };
}
