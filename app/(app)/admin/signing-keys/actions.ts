'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runFormAction } from '@/lib/http/form-action';
import { rotateSigningKey } from '@/lib/signing/attest/rotate-signing-key';

export async function rotateSigningKeyAction(input: unknown) {
  return runFormAction(z.object({}), input, async (actor) => {
    const { created } = await rotateSigningKey(actor);
    revalidatePath('/admin/signing-keys');
    return { keyId: created.keyId };
  });
}
