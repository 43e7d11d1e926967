import { View } from '@react-pdf/renderer';
import { humanize } from '@/lib/words';
import type { CardView } from '@/lib/cards/load-card';
import { annexIvCoverage, CARD_SECTIONS, type CoveredCard } from '@/lib/cards/annex-iv';
import { metricComparison, originMark, type MetricRow } from '@/lib/cards/metric-comparison';
import { Digest } from '../digest';
import { Paragraph, SectionHeading, SubHeading } from '../headings';
import { KeyValueList } from '../key-value-list';
import { PdfTable } from '../table';
import { formatBytes } from '@/lib/format/bytes';
import { STATED_THRESHOLD } from '@/lib/evidence/metric';
import { formatMetricValue } from '@/lib/format/metric-value';
import { formatDate } from '@/lib/format/date-time';
import { personWithEmail } from '@/lib/format/person';
import { integrityProblemLabel } from '@/lib/integrity/kind-labels';
import { tierJustification } from '@/lib/inventory/risk-questionnaire';
import { runInputsText, thirdPartyText, VERIFICATION_WORDS } from '@/lib/cards/card-facts';

const day = formatDate;
const yesNo = (value: boolean) => (value ? 'Yes' : 'No');
const reading = (r: MetricRow['staging']) => (r ? `${formatMetricValue(r.value, r.unit)}${r.passed === null ? '' : r.passed ? ' pass' : ' FAIL'} (${day(r.performedAt)}, ${originMark(r)})` : '—');

export function CardRecordSections({ view }: { view: CardView }) {
  const { system, model, version, risk, trainingData, lineage } = view.content;
  return (
    <>
      <SectionHeading id="details">1. Model details</SectionHeading>
      <KeyValueList
        items={[
          { key: 'AI system', value: system.name },
          { key: 'Technical owner', value: personWithEmail(system.owner) },
          { key: 'Business owner', value: system.businessOwner || '—' },
          { key: 'Model', value: `${model.name}${model.task ? ` (${model.task})` : ''}` },
          { key: 'Version', value: version.version },
          { key: 'Stage', value: view.stage ? humanize(view.stage) : view.request ? `Submitted for ${view.request.targetStage}` : '—' },
          { key: 'Artifact SHA-256', value: <Digest value={version.artifactSha256} /> },
          { key: 'Size and format', value: `${formatBytes(version.artifactSize)} · ${version.format}` },
          { key: 'Artifact URI', value: version.uri || '—' },
          { key: 'License', value: version.license || '—' },
          { key: 'External source', value: version.externalSource ? `${version.externalSource}${version.externalRevision ? ` @ ${version.externalRevision}` : ''}` : '—' },
          { key: 'Description', value: model.description || '—' },
          { key: 'Registered', value: day(version.registeredAt) },
        ]}
      />
      <SectionHeading id="use">2. Intended use</SectionHeading>
      <KeyValueList
        items={[
          { key: 'Purpose', value: system.purpose },
          { key: 'Intended use', value: system.intendedUse || '—' },
          { key: 'Out-of-scope uses', value: system.outOfScopeUses || '—' },
          { key: 'Deployment context', value: system.deploymentContext || '—' },
          { key: 'Human oversight', value: system.humanOversight || '—' },
          { key: 'Third party', value: thirdPartyText(system) },
          { key: 'Personal data processed', value: yesNo(system.personalData) },
        ]}
      />
      <SectionHeading id="risk">3. Risk classification</SectionHeading>
      <KeyValueList
        items={[
          { key: 'Risk tier (EU AI Act)', value: humanize(risk.tier) },
          { key: 'Proposed by the questionnaire', value: risk.proposedTier ? humanize(risk.proposedTier) : 'Classified without the questionnaire' },
          { key: 'General-purpose AI model', value: yesNo(risk.generalPurposeModel) },
          { key: 'Classified', value: risk.classifiedAt ? `${day(risk.classifiedAt)}${risk.classifiedBy ? ` by ${personWithEmail(view.classifiedBy ?? { email: risk.classifiedBy })}` : ''}` : '—' },
          { key: 'Justification', value: tierJustification(risk) ?? '—' },
          { key: 'Reasons', value: risk.reasons.length ? risk.reasons.join('\n') : '—' },
        ]}
      />
      <SectionHeading id="data">4. Training data</SectionHeading>
      <PdfTable
        rows={trainingData}
        rowKey={(d) => d.datasetVersionId}
        empty="No training run with input datasets is recorded for this version."
        columns={[
          { title: 'Dataset', weight: 3, cell: (d) => `${d.namespace}/${d.name}` },
          { title: 'Version', weight: 1.2, cell: (d) => d.version },
          { title: 'SHA-256', weight: 2.6, kind: 'digest', cell: (d) => d.sha256 },
          { title: 'License', weight: 1.2, cell: (d) => d.license },
          { title: 'Personal', weight: 0.9, cell: (d) => yesNo(d.personalData) },
          { title: 'Provenance', weight: 2.4, cell: (d) => d.provenance },
        ]}
      />
      <SectionHeading id="lineage">5. Lineage summary</SectionHeading>
      <PdfTable
        rows={lineage.runs}
        rowKey={(r) => r.id}
        empty="No training run is recorded as producing this version."
        columns={[
          { title: 'Training run', weight: 3, cell: (r) => `${r.job}\nrun ${r.externalRunId}` },
          { title: 'Code', weight: 3, cell: (r) => (r.codeRepository ? `${r.codeRepository}${r.codeCommit ? ` @ ${r.codeCommit}` : ''}` : '—') },
          { title: 'Inputs', weight: 1.6, cell: (r) => runInputsText(r) },
          { title: 'Ran', weight: 1.6, cell: (r) => (r.startedAt || r.endedAt ? `${day(r.startedAt)} to ${day(r.endedAt)}` : '—') },
        ]}
      />
      {lineage.baseModels.length ? (
        <>
          <SubHeading>Base models</SubHeading>
          <PdfTable
            rows={lineage.baseModels}
            rowKey={(b) => b.modelVersionId}
            columns={[
              { title: 'Model', weight: 3, cell: (b) => `${b.model} ${b.version}` },
              { title: 'Source', weight: 2.5, cell: (b) => (b.externalSource ? `${b.externalSource}${b.externalRevision ? ` @ ${b.externalRevision}` : ''}` : b.system) },
              { title: 'SHA-256', weight: 3, kind: 'digest', cell: (b) => b.sha256 },
            ]}
          />
        </>
      ) : null}
    </>
  );
}

export function CardGovernanceSections({ view }: { view: CardView }) {
  const { evaluations, narrative, integrity } = view.content;
  const attachments = evaluations.flatMap((e) => e.attachments.map((a) => ({ ...a, kind: e.kind, key: `${e.id}-${a.sha256}-${a.fileName}` })));
  return (
    <>
      <SectionHeading id="evaluation">6. Evaluation results</SectionHeading>
      <Paragraph muted>{`Evidence bound to the artifact digest only; the latest staging and production readings side by side. ${STATED_THRESHOLD.note}`}</Paragraph>
      <PdfTable
        rows={metricComparison(evaluations)}
        rowKey={(r) => `${r.kind}-${r.name}`}
        empty="No evaluation evidence is bound to this artifact digest."
        columns={[
          { title: 'Evidence kind', weight: 1.8, cell: (r) => humanize(r.kind) },
          { title: 'Metric', weight: 2.2, cell: (r) => r.name },
          { title: STATED_THRESHOLD.label, weight: 1.2, cell: (r) => r.threshold },
          { title: 'Staging', weight: 2, align: 'right', cell: (r) => reading(r.staging) },
          { title: 'Production', weight: 2, align: 'right', cell: (r) => reading(r.production) },
        ]}
      />
      {attachments.length ? (
        <PdfTable
          rows={attachments}
          rowKey={(a) => a.key}
          columns={[
            { title: 'Attachment', weight: 3, cell: (a) => `${a.fileName} (${humanize(a.kind)})` },
            { title: 'SHA-256', weight: 4, kind: 'digest', cell: (a) => a.sha256 },
          ]}
        />
      ) : null}
      <SectionHeading id="narrative">7. Limitations, ethical considerations and recommendations</SectionHeading>
      <KeyValueList
        items={[
          { key: 'Limitations', value: narrative.limitations || '—' },
          { key: 'Ethical considerations', value: narrative.ethicalConsiderations || '—' },
          { key: 'Recommendations', value: narrative.recommendations || '—' },
        ]}
      />
      <SectionHeading id="integrity">8. Integrity and scan</SectionHeading>
      <KeyValueList
        items={[
          { key: 'Artifact scan', value: integrity.scanStatus },
          { key: 'Scan findings', value: integrity.scanFindings.length ? integrity.scanFindings.map((f) => `[${f.severity}] ${f.code}: ${f.message}`).join('\n') : 'None' },
          { key: 'Last verification', value: VERIFICATION_WORDS[integrity.lastVerification] },
        ]}
      />
      <SubHeading>{CARD_SECTIONS.integrityFindings}</SubHeading>
      <PdfTable
        rows={integrity.openFindings}
        rowKey={(f) => f.id}
        empty="No open integrity flags."
        columns={[
          { title: 'Raised', weight: 1.2, cell: (f) => day(f.raisedAt) },
          { title: 'Finding', weight: 2.2, cell: (f) => `${integrityProblemLabel(f.kind)}: ${f.subject}${f.environment ? ` (${f.environment})` : ''}` },
          { title: 'Detail', weight: 4, cell: (f) => f.message },
        ]}
      />
    </>
  );
}

/** Section 14: which Annex IV points the card covers, on one page. */
export function CardAnnexIvSection({ card }: { card: CoveredCard }) {
  return (
    <View wrap={false}>
        <SectionHeading id="annex-iv">14. EU AI Act Annex IV coverage</SectionHeading>
        <PdfTable
          rows={annexIvCoverage(card)}
          rowKey={(p) => p.point}
          columns={[
            { title: 'Point', weight: 0.6, cell: (p) => p.point },
            { title: 'Technical documentation asks for', weight: 3.8, cell: (p) => (p.note ? `${p.topic}\n${p.note}` : p.topic) },
            { title: 'Coverage', weight: 1.1, cell: (p) => p.coverage },
            { title: 'In this card', weight: 2.7, cell: (p) => p.sections.join(', ') || '—' },
          ]}
        />
      </View>
  );
}
