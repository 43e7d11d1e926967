import { Card } from '@/components/ui/card';
import type { getFinding } from '@/lib/findings/finding-detail';
import type { ActionResult } from '@/lib/http/form-action';
import { formatDateTime } from '@/lib/format/date-time';
import { humanize } from '@/lib/words';
import { DecideWaiverProposalButton, WithdrawWaiverProposalButton } from './waiver-proposal-buttons';

type Finding = Awaited<ReturnType<typeof getFinding>>;
type Action = (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;

/** The signed terms of an accepted risk, as one proposer or signer wrote them. */
export function WaiverTerms({ justification, compensatingControls }: { justification: string; compensatingControls: string }) {
  return (
    <dl className="grid gap-2 sm:grid-cols-2">
      <div><dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">Justification</dt><dd className="whitespace-pre-line text-slate-900">{justification}</dd></div>
      <div><dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">Compensating controls</dt><dd className="whitespace-pre-line text-slate-900">{compensatingControls}</dd></div>
    </dl>
  );
}

/**
 * A proposal to accept the risk of a finding that was ever critical, awaiting a second risk officer: its signed terms,
 * and the reader's way forward (decide, withdraw, or why they can do neither).
 */
export function WaiverProposalCard({ finding, printedName, decide, withdraw }: { finding: Finding; printedName: string; decide: Action; withdraw: () => Promise<ActionResult<unknown>> }) {
  const p = finding.waiverProposal;
  if (!p) return null;
  return (
    <div id="waiver-proposal" className="scroll-mt-20">
      <Card title="Proposed risk acceptance: awaits a second risk officer">
        <div className="space-y-3 text-sm">
          <p className="font-medium text-slate-900">Would run until {p.expiresOn}<span className="font-normal text-slate-600"> · not in force: the finding stays {humanize(finding.status).toLowerCase()} until a second risk officer approves</span></p>
          <p className="rounded-md bg-slate-50 p-3 text-slate-800 ring-1 ring-slate-200">“{p.meaning}”<span className="mt-1 block text-xs text-slate-500">Signed by {p.printedName} as {humanize(p.role)}, {formatDateTime(p.signedAt)}</span></p>
          <WaiverTerms justification={p.justification} compensatingControls={p.compensatingControls} />
          {p.mayDecide || p.mayWithdraw ? (
            <div className="flex flex-wrap gap-3">
              {p.mayDecide ? <DecideWaiverProposalButton finding={{ ref: finding.ref, title: finding.title }} proposal={{ printedName: p.printedName, expiresOn: p.expiresOn, approvalMeaning: p.approvalMeaning }} printedName={printedName} action={decide} /> : null}
              {p.mayWithdraw ? <WithdrawWaiverProposalButton findingRef={finding.ref} action={withdraw} /> : null}
            </div>
          ) : p.whyNot ? (
            <p className="text-slate-600" data-testid="why-not-decider">{p.whyNot}</p>
          ) : null}
        </div>
      </Card>
    </div>
  );
}
