'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runFormAction, ZBoundId } from '@/lib/http/form-action';
import { decideRoleGrant, withdrawRoleGrant } from '@/lib/users/role-grants';
import { ZDecideRoleGrantInput } from '@/lib/users/schemas';

export async function decideRoleGrantAction(input: unknown) {
  return runFormAction(ZDecideRoleGrantInput, input, async (actor, data) => {
    const grant = await decideRoleGrant(actor, data);
    revalidatePath('/role-grants');
    return { status: grant.status };
  });
}

export async function withdrawRoleGrantAction(grantId: string) {
  return runFormAction(z.object({}), {}, async (actor) => {
    await withdrawRoleGrant(actor, ZBoundId.parse(grantId));
    revalidatePath('/role-grants');
    return { withdrawn: true };
  });
}
