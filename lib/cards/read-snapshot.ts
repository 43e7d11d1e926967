import 'server-only';
import { eq } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { promotionSnapshots } from '@/db/schema';
import { NotFound } from '@/lib/errors';
import { ZCardContent } from './card-schema';

/** A frozen snapshot, parsed as the card it is; the stored bytes are kept as they are for anyone to re-hash. */
export async function readSnapshot(db: Db | Tx, sha256: string) {
  const row = first(await db.select().from(promotionSnapshots).where(eq(promotionSnapshots.sha256, sha256)).limit(1));
  if (!row) throw new NotFound('Snapshot');
  return { sha256: row.sha256, json: row.canonicalJson, content: ZCardContent.parse(JSON.parse(row.canonicalJson)) };
}
