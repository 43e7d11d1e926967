'use server';

import { revalidatePath } from 'next/cache';
import { runFormAction } from '@/lib/http/form-action';
import { ZSignReviewInput } from '@/lib/reviews/schemas';
import { signReview } from '@/lib/reviews/sign-review';

export async function signReviewAction(input: unknown) {
  return runFormAction(ZSignReviewInput, input, async (actor, data) => {
    const review = await signReview(actor, data);
    revalidatePath('/', 'layout');
    return { nextReviewDate: review.nextReviewDate };
  });
}
