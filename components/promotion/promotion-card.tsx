import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import type { ActionResult } from '@/lib/http/form-action';
import type { GateResult } from '@/lib/promotion/evaluate-gate';
import type { promotionHistory } from '@/lib/promotion/queries';
import { GateChecklist } from './gate-checklist';
import { RequestPromotionForm } from './request-promotion-form';
import { REQUEST_STATUS_TONES } from '@/components/promotion/request-status-tone';

type Props = {
  modelVersionId: string;
  gates: { target: 'staging' | 'production'; rollback: boolean; gate: GateResult }[];
  history: ReturnType<typeof promotionHistory>;
  canRequest: boolean;
  action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>>;
};


/** The live gate per target stage, the way to request promotion, and the version's promotion history. */
export function PromotionCard({ modelVersionId, gates, history, canRequest, action }: Props) {
  return (
    <Card title="Promotion">
      <div className="space-y-6">
        {gates.length === 0 ? <p className="text-sm text-slate-500">This version is in production; a later version replaces it through its own promotion. Stages only move forward.</p> : null}
        {gates.map(({ target, rollback, gate }) => (
          <section key={target} aria-label={`Gate for ${target}`}>
            <h3 className="mb-2 flex items-center gap-2 text-sm font-semibold text-slate-900">
              {rollback ? 'Roll back to' : 'To'} {target} {gate.passed ? <Badge tone="green">Gate passes</Badge> : <Badge tone="red">Gate does not pass</Badge>}
              {gate.policyVersion ? <span className="text-xs font-normal text-slate-500">policy v{gate.policyVersion}</span> : null}
              {gate.expeditedRollback ? <Badge tone="blue">Expedited rollback</Badge> : null}
            </h3>
            <GateChecklist requirements={gate.requirements} />
            {canRequest && gate.passed ? <RequestPromotionForm modelVersionId={modelVersionId} targetStage={target} rollback={rollback} action={action} /> : null}
          </section>
        ))}
        <section aria-label="Promotion history">
          <h3 className="mb-2 text-sm font-semibold text-slate-900">History</h3>
          {history.length === 0 ? (
            <p className="text-sm text-slate-500">No promotion requests yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm" data-testid="promotion-history">
              {history.map(({ request, requester, signatures }) => (
                <li key={request.id} className="flex flex-wrap items-center gap-2 py-2">
                  <Badge tone={REQUEST_STATUS_TONES[request.status]}>{request.status}</Badge>
                  <Link href={`/approvals/${request.id}`} className="font-medium text-indigo-700 hover:underline">to {request.targetStage}</Link>
                  <span className="text-slate-500">by {requester}, {request.createdAt.slice(0, 10)}</span>
                  {request.expeditedRollback ? <Badge tone="blue">rollback</Badge> : null}
                  <span className="ml-auto text-xs text-slate-500">{signatures.map((s) => `${s.printedName} (${s.decision})`).join(', ') || 'unsigned'}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Card>
  );
}
