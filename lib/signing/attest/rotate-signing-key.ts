import 'server-only';
import fs from 'node:fs';
import { and, eq, isNull } from 'drizzle-orm';
import { first, only, returnedRow, withTransaction } from '@/db';
import { signingKeys } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { AuditActor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict } from '@/lib/errors';
import { writeNewKeyFile } from './key-files';

/**
 * Retires the active key (it keeps verifying what it signed) and makes a new one, in one audited transaction. The
 * operator's CLI acts as the system: it needs no private key, so it also recovers from a lost key file.
 */
export async function rotateSigningKey(actor: AuditActor) {
  if (actor.type !== 'system') assertCan(actor, 'signing_key.rotate');
  const fresh = await writeNewKeyFile();
  try {
    return await withTransaction(async (tx) => {
      const now = new Date().toISOString();
      const active = first(await tx.select().from(signingKeys).where(isNull(signingKeys.retiredAt)).limit(1));
      const retired = active
        ? returnedRow(await tx.update(signingKeys).set({ retiredAt: now }).where(and(eq(signingKeys.keyId, active.keyId), isNull(signingKeys.retiredAt))).returning())
        : undefined;
      if (active && !retired) throw new Conflict('The signing key was rotated meanwhile; reload to see the current key.');
      const created = only(await tx.insert(signingKeys).values({ keyId: fresh.keyId, publicKeyPem: fresh.publicKeyPem, createdAt: now }).returning());
      await recordAudit(tx, actor, {
        action: 'signing_key.rotated',
        entityType: 'signing_key',
        entityId: created.keyId,
        before: retired ? { keyId: retired.keyId, retiredAt: retired.retiredAt } : null,
        after: { keyId: created.keyId, publicKeyPem: created.publicKeyPem },
      });
      return { retired: retired ?? null, created };
    });
  } catch (error) {
    fs.rmSync(fresh.file, { force: true });
    throw error;
  }
}
