import type { Metadata } from 'next';
import Link from 'next/link';
import { ApprovalProgress } from '@/components/promotion/approval-progress';
import { GateChecklist } from '@/components/promotion/gate-checklist';
import { recordLinks } from '@/components/promotion/record-links';
import { RequestStatusBadge } from '@/components/promotion/request-status-badge';
import { SignConfirmation } from '@/components/promotion/sign-confirmation';
import { SignDialog } from '@/components/promotion/sign-dialog';
import { signedMessage } from '@/components/promotion/signed-message';
import { SignaturesList } from '@/components/promotion/signatures-list';
import { SnapshotEvidence } from '@/components/promotion/snapshot-evidence';
import { SystemStanding } from '@/components/promotion/system-standing';
import { StaleRequestNotice } from '@/components/promotion/stale-request-notice';
import { WithdrawButton } from '@/components/promotion/withdraw-button';
import { StageBadge, TierBadge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { Card, Facts, PageHeader } from '@/components/ui/card';
import { formatDate } from '@/components/ui/format';
import { PersonName } from '@/components/ui/person';
import { Mono } from '@/components/ui/table';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { awaitingSignature } from '@/lib/dashboard/awaiting-signature';
import { requirePageActor } from '@/lib/auth/session';
import { listEvaluations } from '@/lib/evidence/queries';
import { forPage } from '@/lib/http/page-guard';
import { recordTitle } from '@/lib/http/record-title';
import type { GateResult } from '@/lib/promotion/evaluate-gate';
import { getPromotionRequest, productionCounterpart } from '@/lib/promotion/queries';
import { requestStaleness } from '@/lib/promotion/request-staleness';
import { signRequestAction, withdrawRequestAction } from '../actions';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'promotion_request', id: (await params).id }, (name, stage) => `Promotion of ${name}${stage ? ` to ${stage}` : ''}`);
}

export default async function ReviewPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ signed?: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const item = await forPage(async () => await getPromotionRequest(actor, id));
  const { request } = item;
  const production = await productionCounterpart(actor, item.modelId, request.modelVersionId);
  const productionMetrics = production
    ? { version: production.version, values: new Map((await listEvaluations(actor, production.id)).items.filter((e) => e.counts).reverse().flatMap((e) => e.metrics.map((m) => [`${e.kind}:${m.name}`, m.value] as const))) }
    : null;
  const required = item.policy.rules.requiredApprovers;
  const signingRoles = actor.roles.filter((r) => required.some((a) => a.role === r));
  // One snapshot build and one gate per view: an open request whose record moved on can only be withdrawn and resubmitted.
  const stale = request.status === 'open' ? await requestStaleness(request, item.snapshot.content) : null;
  const maySign = request.status === 'open' && can(actor, 'promotion.sign') && request.requesterId !== actor.userId && signingRoles.length > 0 && !item.signatures.some((s) => s.signerId === actor.userId);
  // A record that moved on cannot be signed at all; one whose gate fails today can still be rejected.
  const mayOfferSigning = maySign && !stale?.changed.length;
  const subject = `${item.modelName} ${item.version} for ${request.targetStage}`;
  const confirmation = (await searchParams).signed
    ? signedMessage(actor.userId, { status: request.status, required, signatures: item.signatures, subject, stage: item.versionStage })
    : null;
  const next = confirmation ? await nextToSign(actor, request.id) : undefined;
  const evaluations = item.snapshot.content.evaluations;
  const records = recordLinks(evaluations, (evaluationId) => `#evaluation-${evaluationId}`);
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/approvals" className="hover:text-slate-700">Approvals</Link>}
        title={<span className="flex flex-wrap items-center gap-3">{item.modelName} {item.version} → {request.targetStage} <RequestStatusBadge status={request.status} /> <TierBadge tier={item.riskTier} /></span>}
        description={
          <>
            {item.systemName} · requested by <PersonName person={{ name: item.requester, email: item.requesterEmail }} /> on {formatDate(request.createdAt)} under policy v{item.policy.version}
            {request.expeditedRollback ? ' · expedited rollback' : ''} · version now in <StageBadge stage={item.versionStage} />
          </>
        }
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <ButtonLink variant="secondary" href={`/lineage?node=model_version:${request.modelVersionId}`}>Lineage</ButtonLink>
            <ButtonLink variant="secondary" href={`/models/${item.modelId}/versions/${request.modelVersionId}`}>Version</ButtonLink>
            <ButtonLink variant="secondary" href={`/models/${item.modelId}/versions/${request.modelVersionId}/card?request=${request.id}`}>AI Card as submitted</ButtonLink>
            {request.status === 'open' && request.requesterId === actor.userId ? <WithdrawButton action={withdrawRequestAction.bind(null, request.id)} /> : null}
            {mayOfferSigning ? (
              <SignDialog requestId={request.id} snapshotSha256={request.snapshotSha256} printedName={actor.name} roles={signingRoles} subject={{ model: item.modelName, version: item.version, target: request.targetStage }} action={signRequestAction} approvable={!stale} />
            ) : null}
          </div>
        }
      />
      <SignConfirmation message={confirmation} next={next} />
      {stale ? <StaleRequestNotice changed={stale.changed} unmetNow={stale.unmetNow} records={records} signer={maySign} requester={request.requesterId === actor.userId} /> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Sign-off" className="min-w-0 lg:col-span-2">
          {request.status === 'open' && request.requesterId === actor.userId && signingRoles.length > 0 ? (
            <p role="note" className="mb-3 rounded border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">You requested this promotion, so you cannot sign it: separation of duties applies to everyone, admins included.</p>
          ) : null}
          <ApprovalProgress required={required} signatures={item.signatures} status={request.status} />
          <h3 className="mt-5 mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Signatures as signed</h3>
          <SignaturesList items={item.signatures} />
        </Card>
        <Card title="Justification" className="min-w-0"><p className="text-sm whitespace-pre-line text-slate-800">{request.justification}</p></Card>
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card title="Gate at submission" className="min-w-0">
          <GateChecklist requirements={(request.gateResult as GateResult).requirements} records={records} />
          <p className="mt-3 text-xs text-slate-500">Opened from {request.fromStage ?? 'an earlier stage'}: the request can be signed only while the version is still there. Each evidence requirement names the record that decided it (the latest received, not the latest claimed date), shown in the evidence below.</p>
        </Card>
        <Card title="Frozen snapshot" className="min-w-0">
          <Facts items={[['SHA-256', <Mono key="s">{item.snapshot.sha256}</Mono>], ['Artifact', <Mono key="a">{item.snapshot.content.version.artifactSha256}</Mono>]]} />
          <details className="mt-3 text-xs">
            <summary className="cursor-pointer text-indigo-700">Canonical JSON</summary>
            <pre tabIndex={0} className="mt-2 max-h-96 overflow-auto rounded bg-slate-50 p-2 font-mono text-[11px] break-all whitespace-pre-wrap">{JSON.stringify(item.snapshot.content, null, 1)}</pre>
          </details>
        </Card>
      </div>
      <Card title="Evidence as submitted" className="mt-6 min-w-0">
        <SnapshotEvidence evidence={evaluations} production={productionMetrics} decided={new Set((request.gateResult as GateResult).requirements.flatMap((r) => (r.records ?? []).map((record) => record.evaluationId)))} />
        {production ? <p className="mt-2 text-xs text-slate-500">Beside each metric, the latest value recorded in the evidence of version {production.version}, in production since <span className="whitespace-nowrap">{formatDate(production.since)}</span>: a recorded evaluation, not its live monitoring.</p> : null}
      </Card>
      {request.status === 'open' ? <SystemStanding actor={actor} systemId={item.systemId} systemName={item.systemName} /> : null}
    </>
  );
}

/** After a signature: the oldest other request that awaits this signer and can still be signed, or null when none does. */
async function nextToSign(actor: Actor, justSigned: string) {
  if (!can(actor, 'promotion.sign')) return undefined;
  const { items } = await awaitingSignature(actor, 5);
  const next = items.find((r) => r.id !== justSigned && !r.changed);
  return next ? { href: `/approvals/${next.id}`, label: `Next awaiting you: ${next.modelName} ${next.version} → ${next.targetStage}` } : null;
}
