'use server';

import { revalidatePath } from 'next/cache';
import { runFormAction } from '@/lib/http/form-action';
import { decideRoleGrant } from '@/lib/users/role-grants';
import { ZDecideRoleGrantInput } from '@/lib/users/schemas';

export async function decideRoleGrantAction(input: unknown) {
  return runFormAction(ZDecideRoleGrantInput, input, async (actor, data) => {
    const decided = await decideRoleGrant(actor, data);
    revalidatePath('/role-grants');
    revalidatePath('/admin/users');
    return { status: decided.status };
  });
}
