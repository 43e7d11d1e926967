'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runFormAction } from '@/lib/http/form-action';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { ZRequestPromotionInput, ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { withdrawRequest } from '@/lib/promotion/withdraw-request';

export async function requestPromotionAction(input: unknown) {
  return runFormAction(ZRequestPromotionInput, input, async (actor, data) => {
    const request = await requestPromotion(actor, data);
    revalidatePath('/approvals');
    return { path: `/approvals/${request.id}` };
  });
}

export async function signRequestAction(input: unknown) {
  return runFormAction(ZSignRequestInput, input, async (actor, data) => {
    const result = await signRequest(actor, data);
    revalidatePath('/', 'layout');
    return { requestStatus: result.requestStatus };
  });
}

export async function withdrawRequestAction(id: unknown) {
  return runFormAction(z.object({}), {}, async (actor) => {
    await withdrawRequest(actor, z.string().parse(id));
    revalidatePath('/approvals');
    return { withdrawn: true };
  });
}
