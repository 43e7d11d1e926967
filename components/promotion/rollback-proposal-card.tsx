import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { formatDate } from '@/components/ui/format';
import type { ActionResult } from '@/lib/http/form-action';
import type { RollbackProposal } from '@/lib/promotion/rollback-proposal';
import { RequestPromotionForm } from './request-promotion-form';

type Props = {
  modelId: string;
  proposal: RollbackProposal;
  canRequest: boolean;
  action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>>;
};

const link = 'font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700';

/**
 * A critical finding on a production version: the proposal to roll back to the last approved version, as a
 * prefilled rollback request that is still gated and signed as the policy says, or the reason it cannot be made.
 */
export function RollbackProposalCard({ modelId, proposal, canRequest, action }: Props) {
  const { findings, target, refusal } = proposal;
  return (
    <Card title="Expedited rollback proposed" className="border-rose-200">
      <div className="space-y-3 text-sm text-slate-700" data-testid="rollback-proposal">
        <p>
          Critical {findings.length === 1 ? 'finding' : 'findings'}{' '}
          {findings.map((f, i) => (
            <span key={f.id}>{i > 0 ? ', ' : ''}<Link href={`/findings/${f.id}`} className={link}>{f.ref} {f.title}</Link></span>
          ))}{' '}
          {findings.length === 1 ? 'is' : 'are'} open on this production version.
          {target ? <> The last approved version is <Link href={`/models/${modelId}/versions/${target.id}`} className={link}>{target.version}</Link>, approved for production on {formatDate(target.approvedAt)}.</> : null}
        </p>
        {refusal ? (
          <p role="note" className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">{refusal}</p>
        ) : target && canRequest ? (
          <>
            <p>The request below rolls back to {target.version}; it is signed as the policy for this tier says before anything moves.</p>
            <RequestPromotionForm modelVersionId={target.id} targetStage="production" rollback defaultJustification={proposal.justification} action={action} />
          </>
        ) : (
          <p>The system&apos;s owner can request the rollback from here.</p>
        )}
      </div>
    </Card>
  );
}
