import Link from 'next/link';
import { humanize, StageBadge, TierBadge } from '@/components/ui/badge';
import { Card, EmptyState, Facts } from '@/components/ui/card';
import { formatBytes, formatDate } from '@/components/ui/format';
import { PersonName } from '@/components/ui/person';
import { Mono, Table, Td, Th } from '@/components/ui/table';
import type { CardView } from '@/lib/cards/load-card';
import { plural } from '@/lib/words';
import { questionnaireName, tierJustification } from '@/lib/inventory/risk-questionnaire';
import { thirdPartyText } from '@/lib/cards/card-facts';

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** Model details, intended use and risk classification: who and what the card is about. */
export function CardIdentitySections({ view }: { view: CardView }) {
  const { system, model, version, risk } = view.content;
  return (
    <>
      <Card title="Model details">
        <Facts
          items={[
            ['AI system', <Link key="s" href={`/systems/${system.id}`} className="text-indigo-700 hover:underline">{system.name}</Link>],
            ['Technical owner', <PersonName key="owner" person={system.owner} />],
            ['Business owner', system.businessOwner],
            ['Model', `${model.name}${model.task ? ` (${model.task})` : ''}`],
            ['Version', <span key="v" className="font-mono">{version.version}</span>],
            ['Stage', view.stage ? <StageBadge key="st" stage={view.stage} /> : view.request ? `Submitted for ${view.request.targetStage}` : null],
            ['Artifact SHA-256', <Mono key="d">{version.artifactSha256}</Mono>],
            ['Size and format', `${formatBytes(version.artifactSize)} · ${version.format}`],
            ['Artifact URI', version.uri ? <Mono key="u">{version.uri}</Mono> : null],
            ['License', version.license],
            ['External source', version.externalSource ? `${version.externalSource}${version.externalRevision ? ` @ ${version.externalRevision}` : ''}` : null],
            ['Description', model.description],
            ['Registered', formatDate(version.registeredAt)],
          ]}
        />
      </Card>
      <Card title="Intended use">
        <Facts
          items={[
            ['Purpose', system.purpose],
            ['Intended use', system.intendedUse],
            ['Out-of-scope uses', system.outOfScopeUses],
            ['Deployment context', system.deploymentContext],
            ['Human oversight', system.humanOversight],
            ['Personal data processed', yesNo(system.personalData)],
            ['Third party', thirdPartyText(system)],
          ]}
        />
      </Card>
      <Card title="Risk classification">
        <Facts
          items={[
            ['Risk tier (EU AI Act)', <TierBadge key="t" tier={risk.tier} />],
            ['Proposed by the questionnaire', risk.proposedTier ? humanize(risk.proposedTier) : 'Classified without the questionnaire'],
            ['General-purpose AI model', yesNo(risk.generalPurposeModel)],
            ['Classified', risk.classifiedAt ? <span key="classified">{formatDate(risk.classifiedAt)}{risk.classifiedBy ? <> by <PersonName person={view.classifiedBy ?? { email: risk.classifiedBy }} /></> : null}</span> : null],
            ['Justification', tierJustification(risk)],
            ['Questionnaire', risk.questionnaire ? questionnaireName(risk.questionnaire) : null],
          ]}
        />
        {risk.reasons.length ? (
          <ul className="mt-4 list-disc space-y-1 pl-5 text-sm text-slate-700">
            {risk.reasons.map((r) => <li key={r}>{r}</li>)}
          </ul>
        ) : null}
      </Card>
    </>
  );
}

/** Training data and the runs that produced the version, with digests. */
export function CardLineageSections({ view }: { view: CardView }) {
  const { trainingData, lineage, version } = view.content;
  return (
    <>
      <Card title={`Training data (${trainingData.length})`}>
        {trainingData.length === 0 ? (
          <EmptyState title="No training data recorded">Training runs reported with their input datasets (API or OpenLineage) appear here.</EmptyState>
        ) : (
          <Table caption="Training datasets" cardsBelow="md">
            <thead><tr><Th>Dataset</Th><Th>Version</Th><Th>SHA-256</Th><Th>License</Th><Th>Personal data</Th><Th>Provenance</Th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {trainingData.map((d) => (
                <tr key={d.datasetVersionId}>
                  <Td><span className="text-xs text-slate-500">{d.namespace}</span><br />{d.name}</Td>
                  <Td data-label="Version" className="font-mono text-xs">{d.version}</Td>
                  <Td data-label="SHA-256" className="max-w-56 font-mono text-[11px] break-all max-md:col-span-2">{d.sha256 ?? '—'}</Td>
                  <Td data-label="License">{d.license || '—'}</Td>
                  <Td data-label="Personal data">{d.personalData ? <span className="font-medium text-amber-700">Yes</span> : 'No'}</Td>
                  <Td data-label="Provenance" className="max-w-72 text-xs max-md:col-span-2">{d.provenance || '—'}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card title="Lineage summary" actions={<Link href={`/lineage?node=model_version:${version.id}`} className="text-sm text-indigo-700 hover:underline">Open the graph</Link>}>
        {lineage.runs.length === 0 ? (
          <p className="text-sm text-slate-500">No training run is recorded as producing this version.</p>
        ) : (
          <ul className="space-y-3 text-sm">
            {lineage.runs.map((r) => (
              <li key={r.id}>
                <p><Link href={`/lineage/runs/${r.id}`} className="font-medium text-indigo-700 hover:underline">{r.job}</Link> <span className="text-slate-500">run {r.externalRunId}</span></p>
                <p className="text-slate-600">
                  {plural(r.inputDatasetVersionIds.length, 'input dataset version')}, {plural(r.baseModelVersionIds.length, 'base model')}{r.startedAt || r.endedAt ? ` · ${formatDate(r.startedAt)} to ${formatDate(r.endedAt)}` : ''}
                  {r.codeRepository ? <> · code <span className="font-mono text-xs">{r.codeRepository}{r.codeCommit ? `@${r.codeCommit.slice(0, 12)}` : ''}</span></> : null}
                </p>
              </li>
            ))}
          </ul>
        )}
        {lineage.baseModels.length ? (
          <div className="mt-4 text-sm">
            <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Base models</p>
            <ul className="mt-1 space-y-1">
              {lineage.baseModels.map((b) => (
                <li key={b.modelVersionId}>
                  {b.model} <span className="font-mono text-xs">{b.version}</span>
                  {b.externalSource ? <span className="text-slate-500"> · {b.externalSource}{b.externalRevision ? ` @ ${b.externalRevision}` : ''}</span> : null}
                  <span className="block font-mono text-[11px] break-all text-slate-500">{b.sha256}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Card>
    </>
  );
}
