'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runFormAction } from '@/lib/http/form-action';
import { createUser } from '@/lib/users/create-user';
import { resetPassword } from '@/lib/users/passwords';
import { ZCreateUserInput, ZResetPasswordInput, ZUpdateUserInput } from '@/lib/users/schemas';
import { updateUser } from '@/lib/users/update-user';

export async function createUserAction(input: unknown) {
  return runFormAction(ZCreateUserInput, input, async (actor, data) => {
    const user = await createUser(actor, data);
    revalidatePath('/admin/users');
    return { id: user.id };
  });
}

export async function updateUserAction(id: unknown, input: unknown) {
  return runFormAction(ZUpdateUserInput, input, async (actor, data) => {
    const user = await updateUser(actor, z.string().parse(id), data);
    revalidatePath('/admin/users');
    return { id: user.id };
  });
}

export async function resetPasswordAction(id: unknown, input: unknown) {
  return runFormAction(ZResetPasswordInput, input, async (actor, data) => {
    const reset = await resetPassword(actor, z.string().parse(id), data);
    revalidatePath('/admin/users');
    return { id: reset.id };
  });
}
