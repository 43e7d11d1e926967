'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DecisionFields } from '@/components/ui/decision-fields';
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
          <DecisionFields choices={[['confirm', 'Confirm'], ['reject', 'Reject']]} errors={errors} />
        </>
      )}
    </ConfirmDialog>
  );
}
