'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DecisionFields } from '@/components/ui/decision-fields';
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
          <DecisionFields choices={[['approve', 'Approve'], ['reject', 'Reject']]} errors={errors} />
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
