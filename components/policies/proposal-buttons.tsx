'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { REQUIRED_MARK, TextAreaField, TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

type Action = (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;

/** A risk officer's decision on a proposed policy change: nothing preselected, a comment to reject, the password again. */
export function DecideProposalButton({ proposalId, policy, action }: { proposalId: string; policy: string; action: Action }) {
  return (
    <ConfirmDialog trigger="Decide" triggerLabel={`Decide on the change to ${policy}`} triggerVariant="primary" title={`Decide on the change to ${policy}`} confirm="Sign decision" done="Decision recorded." action={action}>
      {(errors) => (
        <>
          <input type="hidden" name="proposalId" value={proposalId} />
          <p className="text-sm text-slate-600">Approving puts the proposed rules in force as the policy&apos;s next version, with the proposer&apos;s reason; requests opened from then on are gated by them. Rejecting leaves the policy as it is.</p>
          <fieldset className="flex gap-6 text-sm">
            <legend className="mb-1 font-medium text-slate-800"><span className={REQUIRED_MARK}>Decision</span></legend>
            {(['approve', 'reject'] as const).map((d) => (
              <label key={d} className="flex items-center gap-2"><input type="radio" name="decision" value={d} required /> {d === 'approve' ? 'Approve' : 'Reject'}</label>
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

export function WithdrawProposalButton({ policy, action }: { policy: string; action: () => Promise<ActionResult<unknown>> }) {
  return (
    <ConfirmDialog trigger="Withdraw" triggerLabel={`Withdraw the change to ${policy}`} title="Withdraw this proposed change?" confirm="Withdraw change" tone="danger" done="Change withdrawn." action={() => action()}>
      {() => <p className="text-sm text-slate-600">The policy stays as it is. The proposal stays on record as withdrawn; a new change can be proposed at once.</p>}
    </ConfirmDialog>
  );
}
