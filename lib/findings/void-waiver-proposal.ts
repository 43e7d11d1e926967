import 'server-only';
import { and, eq } from 'drizzle-orm';
import { returnedRow, type Tx } from '@/db';
import { waiverProposals } from '@/db/schema';
import { settleNews } from '@/lib/inbox/settle-news';

/** Why a proposal ends when the finding's words or severity change: the terms signed no longer describe it. */
export const REWORDED_SINCE_PROPOSED = 'The finding’s title, description or severity changed after it was proposed.';

/**
 * In the transaction closing a finding, or changing what it says (by hand or by a worse repeat): a proposal to accept
 * its risk has nothing left to decide, and why (`reason`) is kept on it. Its id, if one was open.
 */
export async function voidOpenProposal(tx: Tx, findingId: string, at: string, reason: string | null = null): Promise<string | null> {
  const voided = returnedRow(await tx.update(waiverProposals).set({ status: 'void', decidedAt: at, decisionReason: reason }).where(and(eq(waiverProposals.findingId, findingId), eq(waiverProposals.status, 'open'))).returning({ id: waiverProposals.id }));
  if (voided) await settleNews(tx, 'finding.waiver_proposed', voided.id, 'everyone', new Date(at));
  return voided?.id ?? null;
}
