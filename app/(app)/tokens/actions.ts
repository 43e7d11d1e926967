'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { createApiToken, ZCreateApiTokenInput } from '@/lib/auth/create-api-token';
import { revokeApiToken } from '@/lib/auth/revoke-api-token';
import { runFormAction } from '@/lib/http/form-action';

export async function createTokenAction(input: unknown) {
  return runFormAction(ZCreateApiTokenInput, input, async (actor, data) => {
    const token = await createApiToken(actor, actor.userId, data);
    revalidatePath('/tokens');
    return { secret: token.secret, name: token.name };
  });
}

export async function revokeTokenAction(id: unknown, input: unknown = {}) {
  return runFormAction(z.object({ reason: z.string().trim().max(1000).default('') }), input, async (actor, { reason }) => {
    await revokeApiToken(actor, z.string().parse(id), reason);
    revalidatePath('/tokens');
    return { revoked: true };
  });
}
