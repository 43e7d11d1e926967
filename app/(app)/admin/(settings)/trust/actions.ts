'use server';

import { revalidatePath } from 'next/cache';
import { runFormAction } from '@/lib/http/form-action';
import { editTrustConfig } from '@/lib/signing/model/edit-trust-config';
import { ZTrustConfigChange } from '@/lib/signing/model/schemas';

export async function editTrustAction(input: unknown) {
  return runFormAction(ZTrustConfigChange, input, async (actor, change) => {
    const saved = await editTrustConfig(actor, change);
    revalidatePath('/admin/trust');
    return { version: saved.version, changed: saved.changed };
  });
}
