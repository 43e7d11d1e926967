import 'server-only';
import { desc } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { auditEvents } from '@/db/schema';

/** The last event of the audit chain: an attestation names it so a verifier can tie it to the trail as it stood. */
export async function auditChainHead(): Promise<{ sequence: number; hash: string } | null> {
  const head = first(await getDb().select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1));
  return head ? { sequence: head.seq, hash: head.hash } : null;
}
