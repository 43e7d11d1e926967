import Link from 'next/link';
import { Badge, humanize } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { formatDate } from '@/components/ui/format';
import { PersonName } from '@/components/ui/person';
import type { Stage } from '@/db/schema';
import type { ActionResult } from '@/lib/http/form-action';
import type { ArchiveCause } from '@/lib/promotion/archive-cause';
import type { GateResult } from '@/lib/promotion/evaluate-gate';
import type { promotionHistory } from '@/lib/promotion/queries';
import { gateStanding } from '@/lib/promotion/requirement-state';
import { wayForward } from '@/lib/promotion/way-forward';
import { ApprovalProgress } from './approval-progress';
import { ConditionTracking } from './condition-tracking';
import { GateChecklist, type RecordLink } from './gate-checklist';
import { RequestPromotionForm } from './request-promotion-form';
import { RequestStatusBadge } from './request-status-badge';
import { WayForward } from './way-forward';
import { decisionLabel } from '@/lib/promotion/signature-words';

type History = Awaited<ReturnType<typeof promotionHistory>>;
type Gate = { target: 'staging' | 'production'; rollback: boolean; gate: GateResult };

type Props = {
  modelId: string;
  modelVersionId: string;
  systemId: string;
  /** The stage the version is in now: the conditions of the approval that put it there are in force. */
  stage: Stage;
  gates: Gate[];
  history: History;
  /** Why the version was archived, when it is. */
  archived?: ArchiveCause | null;
  /** The version's evidence records, named and linked, for the requirements they decided. */
  records: Map<string, RecordLink>;
  canRequest: boolean;
  action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>>;
};

const STANDING_BADGES = {
  passes: <Badge tone="green">Gate passes</Badge>,
  pending: <Badge tone="amber">Request pending</Badge>,
  fails: <Badge tone="red">Gate does not pass</Badge>,
};

/** The open request a gate waits on: who asked, when, and who is still awaited. */
function PendingRequest({ open }: { open: History[number] }) {
  return (
    <div className="mb-3 rounded-md border border-amber-200 bg-amber-50/60 p-3" data-testid="pending-request">
      <p className="mb-2 text-sm text-slate-700">
        <Link href={`/approvals/${open.request.id}`} className="font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700">Request to {open.request.targetStage}</Link> opened by <PersonName person={{ name: open.requester, email: open.requesterEmail }} /> on {formatDate(open.request.createdAt)}, under policy v{open.policyVersion}: the version its signers hold it to.
      </p>
      <ApprovalProgress required={open.policyRules.requiredApprovers} signatures={open.signatures} status={open.request.status} />
    </div>
  );
}

/**
 * The last request to this stage that ended without a decision for it (withdrawn, superseded or rejected): asking
 * again starts from its justification, said to be a copy, rather than from nothing.
 */
function lastUnapproved(history: History, target: 'staging' | 'production', rollback: boolean) {
  return history.find((h) => h.request.targetStage === target && h.request.expeditedRollback === rollback && ['withdrawn', 'superseded', 'rejected'].includes(h.request.status));
}

function GateSection({ gate: { target, rollback, gate }, open, props }: { gate: Gate; open: History[number] | undefined; props: Props }) {
  const standing = gateStanding(gate);
  const earlier = lastUnapproved(props.history, target, rollback);
  return (
    <section aria-label={`Gate for ${target}`}>
      <h3 className="mb-2 flex flex-wrap items-center gap-2 text-sm font-semibold text-slate-900">
        {rollback ? 'Roll back to' : 'To'} {target} {STANDING_BADGES[standing]}
        {/* The live gate's policy; a pending request keeps the one it was opened under, which it names itself. */}
        {gate.policyVersion ? <span className="text-xs font-normal text-slate-500">policy v{gate.policyVersion}{open && open.policyVersion !== gate.policyVersion ? ' in force now' : ''}</span> : null}
        {/* Only where the policy allows it: otherwise the checklist's rollback line says why not. */}
        {gate.expeditedRollback && gate.requirements.some((r) => r.id === 'rollback' && r.met) ? <Badge tone="blue">Expedited rollback</Badge> : null}
      </h3>
      {open ? <PendingRequest open={open} /> : null}
      <GateChecklist requirements={gate.requirements} records={props.records} pendingRequestHref={open ? `/approvals/${open.request.id}` : undefined} />
      {props.canRequest && standing === 'passes' ? (
        <RequestPromotionForm
          modelVersionId={props.modelVersionId}
          targetStage={target}
          rollback={rollback}
          action={props.action}
          defaultJustification={earlier?.request.justification}
          justificationHint={earlier ? `Copied from the request ${earlier.request.status} on ${formatDate(earlier.request.closedAt ?? earlier.request.createdAt)}: say what changed since.` : undefined}
        />
      ) : null}
      {props.canRequest && standing === 'fails' ? <WayForward target={target} rollback={rollback} steps={wayForward(gate.requirements, { modelId: props.modelId, versionId: props.modelVersionId, systemId: props.systemId })} /> : null}
    </section>
  );
}

/** The history's latest line for an archived version: when, and what archived it. */
function ArchivedLine({ cause }: { cause: ArchiveCause }) {
  return (
    <li className="flex flex-wrap items-center gap-x-2 gap-y-1 py-2" data-testid="archived-by">
      <Badge tone="gray">Archived</Badge>
      <span className="text-slate-700">
        {cause.at ? `${formatDate(cause.at)}: ` : ''}
        {cause.kind === 'retired' ? 'its system was retired' : null}
        {cause.kind === 'replaced' ? (
          <>
            replaced in production by {cause.version}, when{' '}
            <Link href={`/approvals/${cause.requestId}`} className="font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700">{cause.rollback ? 'the rollback to it' : 'its promotion'}</Link> was approved
          </>
        ) : null}
        {cause.kind === 'unknown' ? 'no longer approved to run' : null}
      </span>
    </li>
  );
}

/**
 * The conditions signers attached to the approval that put the version in its stage (the latest, after a rollback):
 * what its owners answer for while it runs there. An archived or development version runs under none.
 */
function ApprovalConditions({ history, stage }: { history: Props['history']; stage: Stage }) {
  const inForce = history.find((h) => h.request.status === 'approved' && h.request.targetStage === stage);
  const conditional = inForce ? inForce.signatures.filter((s) => s.conditions).map((s) => ({ ...s, request: inForce.request })) : [];
  if (conditional.length === 0) return null;
  return (
    <section aria-label="Conditions of approval" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="approval-conditions">
      <h3 className="mb-1 font-semibold">Approved on conditions</h3>
      <ul className="space-y-1">
        {conditional.map((s) => (
          <li key={`${s.request.id}-${s.printedName}`}>
            <span className="whitespace-pre-line">{s.conditions}</span>
            <span className="mt-0.5 block text-xs text-amber-800">For {s.request.targetStage}, by {s.printedName} as {humanize(s.role)}, {formatDate(s.signedAt)} (<Link href={`/approvals/${s.request.id}`} className="underline">request</Link>)</span>
            <ConditionTracking finding={s.conditionFinding} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The live gate per target stage, the request waiting on it or the way to request, and the version's promotion history. */
export function PromotionCard(props: Props) {
  const { gates, history } = props;
  return (
    <Card title="Promotion">
      <div className="space-y-6">
        <ApprovalConditions history={history} stage={props.stage} />
        {gates.length === 0 ? (
          <p className="text-sm text-slate-500">
            {props.archived
              ? 'This version is archived and was never approved for a stage it could be rolled back to.'
              : 'This version is in production; a later version replaces it through its own promotion. Stages only move forward.'}
          </p>
        ) : null}
        {gates.map((g) => (
          <GateSection key={g.target} gate={g} props={props} open={history.find((h) => h.request.status === 'open' && h.request.targetStage === g.target)} />
        ))}
        <section aria-label="Promotion history">
          <h3 className="mb-2 text-sm font-semibold text-slate-900">History</h3>
          {history.length === 0 && !props.archived ? (
            <p className="text-sm text-slate-500">No promotion requests yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm" data-testid="promotion-history">
              {props.archived ? <ArchivedLine cause={props.archived} /> : null}
              {history.map(({ request, requester, requesterEmail, signatures }) => (
                <li key={request.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-2">
                  <RequestStatusBadge status={request.status} />
                  <Link href={`/approvals/${request.id}`} className="font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700">to {request.targetStage}</Link>
                  <span className="text-slate-500">requested by <PersonName person={{ name: requester, email: requesterEmail }} />, {formatDate(request.createdAt)}</span>
                  {request.expeditedRollback ? <Badge tone="blue">rollback</Badge> : null}
                  <span className="text-xs text-slate-500 sm:ml-auto">{signatures.map((s) => `${s.printedName} (${decisionLabel(s).toLowerCase()})`).join(', ') || 'no signatures'}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Card>
  );
}
