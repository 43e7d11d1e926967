'use server';

import { revalidatePath } from 'next/cache';
import { runFormAction } from '@/lib/http/form-action';
import { markNotificationsRead } from '@/lib/inbox/mark-read';
import { ZMarkReadInput } from '@/lib/inbox/schemas';

/** Marks the signed-in person's notifications read; the whole layout is revalidated so the navigation's count follows. */
export async function markReadAction(input: unknown) {
  return runFormAction(ZMarkReadInput, input, async (actor, data) => {
    const result = await markNotificationsRead(actor, data);
    revalidatePath('/', 'layout');
    return result;
  });
}
