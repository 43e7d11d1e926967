'use server';

import { revalidatePath } from 'next/cache';
import { acknowledgeBreak } from '@/lib/audit/acknowledge-break';
import { ZAcknowledgeBreakInput } from '@/lib/audit/schemas';
import { runFormAction } from '@/lib/http/form-action';

export async function acknowledgeBreakAction(input: unknown) {
  return runFormAction(ZAcknowledgeBreakInput, input, async (actor, data) => {
    const result = await acknowledgeBreak(actor, data);
    revalidatePath('/audit');
    return { acknowledgedSeq: result.acknowledgedSeq };
  });
}
