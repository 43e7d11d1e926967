import { z } from 'zod';
import { ROLES } from '@/db/schema';

export const ZRoles = z.array(z.enum(ROLES)).min(1, 'Choose at least one role.');
export const ZPassword = z.string().min(12, 'At least 12 characters.').max(1024);

export const ZCreateUserInput = z.object({
  email: z.email('Enter a valid email address.').trim().toLowerCase(),
  name: z.string().trim().min(1, 'Required.').max(200),
  roles: ZRoles,
  password: ZPassword,
});

export const ZUpdateUserInput = z.object({
  name: z.string().trim().min(1, 'Required.').max(200).optional(),
  roles: ZRoles.optional(),
  disabled: z.boolean().optional(),
});
