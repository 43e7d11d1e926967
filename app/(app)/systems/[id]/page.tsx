import type { Metadata } from 'next';
import Link from 'next/link';
import { SystemIncidentsCard } from '@/components/incidents/system-incidents-card';
import { SubjectFindings } from '@/components/findings/subject-findings';
import { ClassificationCard } from '@/components/systems/classification-card';
import { ConfirmTierButton } from '@/components/systems/confirm-tier-button';
import { tierConfirmationMeaning, whyNotTierConfirmer } from '@/lib/inventory/confirm-tier';
import { TransferSystemDialog } from '@/components/systems/transfer-system-dialog';
import { OWNER_PERMISSION } from '@/lib/inventory/system-owner';
import { peopleWhoMay } from '@/lib/users/people-who-may';
import { awaitedSince, needsTierConfirmation } from '@/lib/inventory/tier-confirmation';
import { judgedOn, tierChangesSinceConfirmation } from '@/lib/inventory/tier-changes';
import { PersonName } from '@/components/ui/person';
import { RetireSystemButton } from '@/components/systems/retire-system-button';
import { Badge, StageBadge, StatusBadge, TierBadge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { Card, EmptyState, Facts, PageHeader } from '@/components/ui/card';
import { formatDate } from '@/components/ui/format';
import { Table, Td, Th } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { recordTitle } from '@/lib/http/record-title';
import { getSystem, listSystemDatasets, listSystemModels } from '@/lib/inventory/queries';
import { confirmTierAction, retireSystemAction, transferSystemAction } from '../actions';
import { IntegrityFlags } from '@/components/integrity/integrity-flags';
import { openIntegrityFlags } from '@/lib/integrity/queries';
import { approvalQueue, stagesOfSystem } from '@/lib/promotion/queries';
import { approvalProgress } from '@/lib/promotion/approval-progress';
import { awaitedWords } from '@/lib/dashboard/awaited-roles';
import { getDb } from '@/db';
import { ReviewStateLine } from '@/components/reviews/review-state-line';
import { reviewState } from '@/lib/reviews/queries';
import { ConditionTracking } from '@/components/promotion/condition-tracking';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return await recordTitle({ type: 'ai_system', id: (await params).id });
}

export default async function SystemPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const system = await forPage(async () => await getSystem(actor, id));
  const systemModels = await listSystemModels(actor, id);
  const systemDatasets = await listSystemDatasets(actor, id);
  const owners = { ownerIds: [system.ownerId] };
  const live = system.lifecycleStatus !== 'retired';
  const mayConfirmTier = live && needsTierConfirmation(system.riskTier) && !system.tierConfirmedAt && actor.type === 'user' && can(actor, 'system.classify') && !(await whyNotTierConfirmer(getDb(), actor, system));
  const flags = await openIntegrityFlags(actor, { systemId: id });
  const stages = await stagesOfSystem(actor, id);
  const openRequests = await approvalQueue(actor, { status: 'open', systemId: id, page: 1, pageSize: 10 });
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/systems" className="hover:text-slate-700">AI systems</Link>}
        title={
          <span className="flex flex-wrap items-center gap-3">
            {system.name} <TierBadge tier={system.riskTier} /> <StatusBadge status={system.lifecycleStatus} />
            {system.generalPurposeModel ? <Badge tone="blue">GPAI</Badge> : null}
          </span>
        }
        description={system.purpose}
        actions={
          <>
            {can(actor, 'audit.read') ? <ButtonLink variant="ghost" href={`/audit?about=${system.id}`}>History</ButtonLink> : null}
            <ButtonLink variant="secondary" href={`/systems/${system.id}/card`}>AI Card</ButtonLink>
            {live && can(actor, 'system.update', owners) ? <ButtonLink variant="secondary" href={`/systems/${system.id}/edit`}>Edit</ButtonLink> : null}
            {live && actor.type === 'user' && can(actor, 'system.update', owners) ? <TransferSystemDialog owner={{ id: system.ownerId, name: system.ownerName }} people={(await peopleWhoMay(OWNER_PERMISSION)).filter((p) => p.id !== system.ownerId)} action={transferSystemAction.bind(null, system.id)} /> : null}
            {live && can(actor, 'system.retire', owners) ? <RetireSystemButton action={retireSystemAction.bind(null, system.id)} inService={stages.filter((s) => s.stage === 'production' || s.stage === 'staging').map((s) => `${s.modelName} ${s.version} (${s.stage})`)} /> : null}
          </>
        }
      />
      <div className="grid gap-6 xl:grid-cols-3">
        <div className="min-w-0 space-y-6 xl:col-span-2">
          {flags.length > 0 ? (
            <Card title={`Integrity flags (${flags.length})`} className="border-rose-200">
              <IntegrityFlags flags={flags} />
            </Card>
          ) : null}
          <Card title="Overview">
            <Facts
              items={[
                ['Intended use', system.intendedUse],
                ['Out-of-scope uses', system.outOfScopeUses],
                ['Business owner', system.businessOwner],
                ['Technical owner', <PersonName key="owner" person={{ name: system.ownerName, email: system.ownerEmail }} />],
                ['Deployment context', system.deploymentContext],
                ['Human oversight', system.humanOversight],
                ['Personal data', system.personalData ? 'Yes' : 'No'],
                ['Review', <ReviewStateLine key="review" systemId={system.id} state={live ? await reviewState(getDb(), system.id) : 'retired'} />],
                ...(system.retiredAt ? ([['Retired', formatDate(system.retiredAt)]] as [string, string][]) : []),
              ]}
            />
          </Card>
          {stages.length > 0 ? (
            <Card title="In staging and production">
              <Table caption="Versions in staging and production" cardsBelow="md">
                <thead>
                  <tr><Th>Model version</Th><Th>Stage</Th><Th>Since</Th><Th>Approved by</Th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {stages.map((s) => (
                    <tr key={s.id}>
                      <Td><Link href={`/models/${s.modelId}/versions/${s.id}`} className="font-medium text-slate-900 hover:text-indigo-700">{s.modelName} {s.version}</Link></Td>
                      <Td data-label="Stage"><StageBadge stage={s.stage} /></Td>
                      <Td data-label="Since" className="whitespace-nowrap">{formatDate(s.since)}</Td>
                      <Td data-label="Approved by" className="max-md:col-span-2">
                        {s.approval ? (
                          <>
                            <Link href={`/approvals/${s.approval.request.id}`} className="hover:text-indigo-700">{s.approval.signatures.filter((x) => x.decision === 'approve').map((x) => x.printedName).join(', ')}</Link>
                            {s.approval.signatures.filter((x) => x.conditions).map((x) => <p key={x.printedName} className="mt-0.5 max-w-md text-xs whitespace-pre-line text-amber-800" data-testid="stage-conditions">On conditions ({x.printedName}): {x.conditions}<ConditionTracking finding={x.conditionFinding} /></p>)}
                          </>
                        ) : (
                          // No approved request to this stage: the version was put there outside the signed workflow.
                          <span className="text-xs text-slate-500">No approved promotion on record</span>
                        )}
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </Card>
          ) : null}
          {openRequests.items.length > 0 ? (
            <Card title={`Awaiting sign-off (${openRequests.total})`}>
              <Table caption="Open promotion requests of this system's versions" cardsBelow="md">
                <thead>
                  <tr><Th>Request</Th><Th>To</Th><Th>Requested</Th><Th>Awaiting</Th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {openRequests.items.map((r) => (
                    <tr key={r.request.id}>
                      <Td><Link href={`/approvals/${r.request.id}`} className="font-medium text-slate-900 hover:text-indigo-700">{r.modelName} {r.version}</Link></Td>
                      <Td data-label="To"><StageBadge stage={r.request.targetStage} /></Td>
                      <Td data-label="Requested"><span className="whitespace-nowrap">{formatDate(r.request.createdAt)}</span><p className="text-xs text-slate-500">by {r.requester}</p></Td>
                      <Td data-label="Awaiting" className="max-md:col-span-2">{awaitedWords(approvalProgress(r.policyRules.requiredApprovers, r.signatures, r.request.status).awaited)}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
              {openRequests.total > openRequests.items.length ? <p className="mt-3 text-sm"><Link href={`/approvals?systemId=${system.id}`} className="font-medium text-indigo-700 hover:underline">All {openRequests.total} open requests</Link></p> : null}
            </Card>
          ) : null}
          <Card
            title="Models"
            actions={live && can(actor, 'model.register', owners) ? <ButtonLink variant="secondary" href={`/models/new?systemId=${system.id}`}>Add model</ButtonLink> : null}
          >
            {systemModels.length === 0 ? (
              <EmptyState title="No models yet">Models and their versions registered under this system appear here.</EmptyState>
            ) : (
              <Table caption="Models of this system" cardsBelow="md">
                <thead>
                  <tr><Th>Model</Th><Th>Versions</Th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {systemModels.map((m) => (
                    <tr key={m.id}>
                      <Td>
                        <Link href={`/models/${m.id}`} className="font-medium text-slate-900 hover:text-indigo-700">{m.name}</Link>
                        <p className="text-xs text-slate-500">{m.task}</p>
                      </Td>
                      <Td data-label="Versions" className="max-md:col-span-2">
                        <div className="flex flex-wrap gap-2">
                          {m.versions.length === 0 ? <span className="text-slate-400">None</span> : null}
                          {m.versions.map((v) => (
                            <Link key={v.id} href={`/models/${m.id}/versions/${v.id}`} className="inline-flex items-center gap-1.5 rounded-md px-1.5 py-0.5 ring-1 ring-slate-200 hover:bg-slate-50">
                              <span className="font-mono text-xs">{v.version}</span> <StageBadge stage={v.stage} />
                            </Link>
                          ))}
                        </div>
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
          <Card title="Datasets" actions={live && can(actor, 'dataset.register') ? <ButtonLink variant="secondary" href={`/datasets/new?systemId=${system.id}`}>Add dataset</ButtonLink> : null}>
            {systemDatasets.length === 0 ? (
              <EmptyState title="No datasets yet">Training and evaluation datasets of this system appear here.</EmptyState>
            ) : (
              <Table caption="Datasets of this system" cardsBelow="md">
                <thead>
                  <tr><Th>Dataset</Th><Th>License</Th><Th>Personal data</Th><Th numeric>Versions</Th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {systemDatasets.map((d) => (
                    <tr key={d.id}>
                      <Td>
                        <Link href={`/datasets/${d.id}`} className="font-medium text-slate-900 hover:text-indigo-700">{d.name}</Link>
                        <p className="font-mono text-xs text-slate-500">{d.namespace}</p>
                      </Td>
                      <Td data-label="License">{d.license || '—'}</Td>
                      <Td data-label="Personal data">{d.personalData ? <Badge tone="amber">Personal data</Badge> : 'No'}</Td>
                      <Td data-label="Versions" className="text-right tabular-nums">{d.versionCount}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          <ClassificationCard
            tier={system.riskTier}
            rationale={system.riskRationale as never}
            classifiedBy={system.classifiedBy}
            confirmation={{ by: system.tierConfirmedBy, at: system.tierConfirmedAt, since: awaitedSince(system) }}
            retired={!live}
            action={mayConfirmTier ? <ConfirmTierButton tier={system.riskTier} systemName={system.name} assessedAt={awaitedSince(system)} meaning={tierConfirmationMeaning(system)} judged={judgedOn(system)} since={await tierChangesSinceConfirmation(getDb(), system)} action={confirmTierAction.bind(null, system.id)} /> : null}
          />
          <SystemIncidentsCard actor={actor} systemId={system.id} live={live} />
          {system.thirdParty ? (
            <Card title="Third-party service">
              <Facts narrow items={[['Vendor', system.vendorName], ['Contract', system.vendorContract], ['Data shared', system.vendorDataShared]]} />
            </Card>
          ) : null}
          <Card title="AI Card narrative">
            <Facts narrow items={[['Limitations', system.limitations], ['Ethical considerations', system.ethicalConsiderations], ['Recommendations', system.recommendations]]} />
          </Card>
        </div>
      </div>
      {/* Across the page: a system's findings table has six columns, more than the main column holds at 1280 px. */}
      <div className="mt-6">
        <SubjectFindings actor={actor} subjectType="system" subjectId={system.id} live={live} />
      </div>
    </>
  );
}
