import type { Metadata } from 'next';
import Link from 'next/link';
import { GateChecklist } from '@/components/promotion/gate-checklist';
import { SignDialog } from '@/components/promotion/sign-dialog';
import { SignaturesList } from '@/components/promotion/signatures-list';
import { SnapshotEvidence } from '@/components/promotion/snapshot-evidence';
import { WithdrawButton } from '@/components/promotion/withdraw-button';
import { Badge, TierBadge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { Card, Facts, PageHeader } from '@/components/ui/card';
import { Mono } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { listEvaluations } from '@/lib/evidence/queries';
import { forPage } from '@/lib/http/page-guard';
import type { GateResult } from '@/lib/promotion/evaluate-gate';
import { getPromotionRequest, productionCounterpart } from '@/lib/promotion/queries';
import { signRequestAction, withdrawRequestAction } from '../actions';
import { REQUEST_STATUS_TONES } from '@/components/promotion/request-status-tone';

export const metadata: Metadata = { title: 'Review promotion' };


export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const item = forPage(() => getPromotionRequest(actor, id));
  const { request } = item;
  const production = productionCounterpart(actor, item.modelId, request.modelVersionId);
  const productionMetrics = production
    ? new Map(listEvaluations(actor, production.id).items.filter((e) => e.counts).reverse().flatMap((e) => e.metrics.map((m) => [`${e.kind}:${m.name}`, m.value] as const)))
    : null;
  const required = item.policy.rules.requiredApprovers.map((r) => r.role);
  const signingRoles = actor.roles.filter((r) => required.includes(r));
  const mayOfferSigning = request.status === 'open' && can(actor, 'promotion.sign') && request.requesterId !== actor.userId && signingRoles.length > 0 && !item.signatures.some((s) => s.signerId === actor.userId);
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/approvals" className="hover:text-slate-700">Approvals</Link>}
        title={<span className="flex flex-wrap items-center gap-3">{item.modelName} {item.version} → {request.targetStage} <Badge tone={REQUEST_STATUS_TONES[request.status]}>{request.status}</Badge> <TierBadge tier={item.riskTier} /></span>}
        description={`${item.systemName} · requested by ${item.requester} on ${request.createdAt.slice(0, 10)} under policy v${item.policy.version}${request.expeditedRollback ? ' · expedited rollback' : ''}`}
        actions={
          <>
            <ButtonLink variant="ghost" href={`/lineage?node=model_version:${request.modelVersionId}`}>Lineage</ButtonLink>
            <ButtonLink variant="secondary" href={`/models/${item.modelId}/versions/${request.modelVersionId}`}>Version</ButtonLink>
            <ButtonLink variant="secondary" href={`/models/${item.modelId}/versions/${request.modelVersionId}/card?request=${request.id}`}>AI Card as submitted</ButtonLink>
            {request.status === 'open' && request.requesterId === actor.userId ? <WithdrawButton action={withdrawRequestAction.bind(null, request.id)} /> : null}
            {mayOfferSigning ? (
              <SignDialog requestId={request.id} snapshotSha256={request.snapshotSha256} printedName={actor.name} roles={signingRoles} subject={{ model: item.modelName, version: item.version, target: request.targetStage }} action={signRequestAction} />
            ) : null}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title="Justification"><p className="text-sm whitespace-pre-line text-slate-800">{request.justification}</p></Card>
          <Card title="Evidence as submitted">
            <SnapshotEvidence evidence={item.snapshot.content.evaluations} production={productionMetrics} />
            {production ? <p className="mt-2 text-xs text-slate-500">In production now: version {production.version} (since {production.since?.slice(0, 10) ?? '—'}).</p> : null}
          </Card>
          <Card title="Signatures">
            {request.status === 'open' && request.requesterId === actor.userId && signingRoles.length > 0 ? (
              <p role="note" className="mb-3 rounded border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">You requested this promotion, so you cannot sign it: separation of duties applies to everyone, admins included.</p>
            ) : null}
            <SignaturesList items={item.signatures} />
          </Card>
        </div>
        <div className="space-y-6">
          <Card title="Frozen snapshot">
            <Facts items={[['SHA-256', <Mono key="s">{item.snapshot.sha256}</Mono>], ['Artifact', <Mono key="a">{item.snapshot.content.version.artifactSha256}</Mono>]]} />
            <details className="mt-3 text-xs">
              <summary className="cursor-pointer text-indigo-700">Canonical JSON</summary>
              <pre className="mt-2 max-h-96 overflow-auto rounded bg-slate-50 p-2 font-mono text-[11px] break-all whitespace-pre-wrap">{JSON.stringify(item.snapshot.content, null, 1)}</pre>
            </details>
          </Card>
          <Card title="Gate at submission">
            <GateChecklist requirements={(request.gateResult as GateResult).requirements} />
            <p className="mt-3 text-xs text-slate-500">Opened from {request.fromStage ?? 'an earlier stage'}: the request can be signed only while the version is still there. Each evidence requirement names the record that decided it (the latest received, not the latest claimed date).</p>
          </Card>
        </div>
      </div>
    </>
  );
}
