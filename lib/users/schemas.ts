import { z } from 'zod';
import { required } from '@/lib/http/text-fields';
import { ROLES } from '@/db/schema';

export const ZRoles = z.array(z.enum(ROLES)).min(1, 'Choose at least one role.');
export const ZPassword = z.string().min(12, 'At least 12 characters.').max(1024);
/** A person's sign-in address, as pasted (spaces around it dropped), kept lowercase: one address, one person. */
const ZEmail = z.string().trim().toLowerCase().max(320, 'At most 320 characters.').pipe(z.email('Enter a valid email address.'));

export const ZCreateUserInput = z.object({
  email: ZEmail,
  name: required(200),
  roles: ZRoles,
  password: ZPassword,
});

export const ZUpdateUserInput = z.object({
  name: z.string().trim().min(1, 'Required.').max(200).optional(),
  email: ZEmail.optional(),
  roles: ZRoles.optional(),
  disabled: z.boolean().optional(),
  /** The address the form showed: changed since by someone else, the edit is refused rather than undoing it. */
  shownEmail: z.string().trim().toLowerCase().max(320).optional(),
  /** The roles the form showed ticked (held or awaiting confirmation), comma-separated: a change made since is refused. */
  shownRoles: z.string().max(500).transform((list) => (list ? list.split(',') : [])).pipe(z.array(z.enum(ROLES))).optional(),
});

/** A person replacing their own password: the one they have, and the new one twice. */
export const ZChangeOwnPasswordInput = z
  .object({
    current: z.string().min(1, 'Required.').max(1024),
    password: ZPassword,
    confirm: z.string().max(1024),
  })
  .refine((input) => input.password === input.confirm, { path: ['confirm'], message: 'The two new passwords differ.' });

/** An administrator giving a person a temporary password (to pass on out of band), which the person must replace. */
export const ZResetPasswordInput = z.object({ password: ZPassword });

/** Someone holding a role decides on an administrator's grant of it: a rejection says why. */
export const ZDecideRoleGrantInput = z
  .object({
    grantId: z.string().min(1).max(64),
    decision: z.enum(['confirm', 'reject'], { error: 'Choose Confirm or Reject.' }),
    comment: z.string().trim().max(4000).default(''),
    password: z.string().min(1, 'Enter your password to decide.').max(1024),
  })
  .refine((input) => input.decision === 'confirm' || input.comment.length > 0, { path: ['comment'], message: 'A rejection needs a comment.' });
