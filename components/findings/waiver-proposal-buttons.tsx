'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DecisionFields } from '@/components/ui/decision-fields';
import type { ActionResult } from '@/lib/http/form-action';

type Props = {
  finding: { ref: string; title: string };
  /** `approvalMeaning`: what the approver signs, as the server words it (lib/findings/waiver-proposals.ts). */
  proposal: { printedName: string; expiresOn: string; approvalMeaning: string };
  printedName: string;
  action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;
};

/** A second risk officer's decision on a proposed risk acceptance: nothing preselected, a comment to decline, the password again. */
export function DecideWaiverProposalButton({ finding, proposal, printedName, action }: Props) {
  return (
    <ConfirmDialog trigger="Decide" triggerLabel={`Decide on accepting the risk of ${finding.ref}`} triggerVariant="primary" title={`Decide on accepting the risk of ${finding.ref}`} confirm="Sign decision" done="Decision recorded." action={action} width="wide">
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">Approving is the waiver&rsquo;s second signature: the finding becomes accepted on {proposal.printedName}&rsquo;s terms until {proposal.expiresOn} and re-opens by itself then. Declining leaves it as it is, with your comment on record.</p>
          <dl className="grid grid-cols-[7rem_1fr] gap-y-1 text-sm">
            <dt className="text-slate-500">Printed name</dt>
            <dd className="font-medium text-slate-900">{printedName}</dd>
          </dl>
          <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-800 ring-1 ring-slate-200" data-testid="approval-meaning">
            If you approve: “{proposal.approvalMeaning}”
          </p>
          <DecisionFields choices={[['approve', 'Approve'], ['decline', 'Decline']]} errors={errors} commentLabel="Comment (required to decline)" />
        </>
      )}
    </ConfirmDialog>
  );
}

export function WithdrawWaiverProposalButton({ findingRef, action }: { findingRef: string; action: () => Promise<ActionResult<unknown>> }) {
  return (
    <ConfirmDialog trigger="Withdraw" triggerLabel={`Withdraw the proposal to accept the risk of ${findingRef}`} title="Withdraw your proposal?" confirm="Withdraw proposal" tone="danger" done="Proposal withdrawn." action={() => action()}>
      {() => <p className="text-sm text-slate-600">The finding stays as it is. The proposal stays on record as withdrawn; you or another risk officer may propose new terms at once.</p>}
    </ConfirmDialog>
  );
}
