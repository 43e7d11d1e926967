'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { REQUIRED_MARK, TextAreaField, TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

type Action = (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;

/** Someone holding a role decides on an administrator's grant of it: nothing preselected, a comment to reject, the password again. */
export function DecideRoleGrantButton({ grantId, what, action }: { grantId: string; what: string; action: Action }) {
  return (
    <ConfirmDialog trigger="Decide" triggerLabel={`Decide: ${what}`} triggerVariant="primary" title={`Decide: ${what}`} confirm="Sign decision" done="Decision recorded." action={action}>
      {(errors) => (
        <>
          <input type="hidden" name="grantId" value={grantId} />
          <p className="text-sm text-slate-600">
            Confirm only if you know this person should hold the role and that the account is theirs: from then on they sign
            and approve under it. After a password reset, confirm only once the person has told you themselves that they asked for it.
            Rejecting leaves them without the role; the administrator sees your comment.
          </p>
          <fieldset className="flex gap-6 text-sm">
            <legend className="mb-1 font-medium text-slate-800"><span className={REQUIRED_MARK}>Decision</span></legend>
            {(['confirm', 'reject'] as const).map((d) => (
              <label key={d} className="flex items-center gap-2"><input type="radio" name="decision" value={d} required /> {d === 'confirm' ? 'Confirm' : 'Reject'}</label>
            ))}
          </fieldset>
          {errors.decision ? <p className="text-xs font-medium text-rose-700">{errors.decision}</p> : null}
          <TextAreaField label="Comment (required to reject)" name="comment" rows={3} errors={errors} />
          <TextField label="Your password" name="password" type="password" autoComplete="current-password" required errors={errors} hint="Deciding asks for your password again." />
        </>
      )}
    </ConfirmDialog>
  );
}
