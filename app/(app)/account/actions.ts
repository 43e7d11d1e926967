'use server';

import { runFormAction } from '@/lib/http/form-action';
import { changeOwnPassword } from '@/lib/users/passwords';
import { ZChangeOwnPasswordInput } from '@/lib/users/schemas';

/** The one action a session on a temporary password may run: replacing it. */
export async function changeOwnPasswordAction(input: unknown) {
  return runFormAction(ZChangeOwnPasswordInput, input, changeOwnPassword, { temporaryPassword: 'allowed' });
}
