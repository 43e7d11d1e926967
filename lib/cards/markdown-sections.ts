import { runInputsText, signedDifferenceText, VERIFICATION_WORDS } from './card-facts';
import { humanize } from '@/lib/words';
import { annexIvCoverage, CARD_SECTIONS, type CoveredCard } from './annex-iv';
import type { CardRequest } from './card-schema';
import type { CardView } from './load-card';
import { metricComparison, originMark, type MetricRow } from './metric-comparison';
import { mdCell, mdCode, mdFacts, mdInline, mdParagraphs, mdTable } from './markdown-text';
import { formatBytes } from '@/lib/format/bytes';
import { formatDate, formatDateTime } from '@/lib/format/date-time';
import { STATED_THRESHOLD } from '@/lib/evidence/metric';
import { formatMetricValue } from '@/lib/format/metric-value';
import { personWithEmail } from '@/lib/format/person';
import { integrityProblemLabel } from '@/lib/integrity/kind-labels';
import { questionnaireName, tierJustification } from '@/lib/inventory/risk-questionnaire';
import { thirdPartyText } from './card-facts';

type Content = CardView['content'];

const day = formatDate;
/** Stored times are ISO 8601 in UTC; printed to the second. */
export const utc = (iso: string) => formatDateTime(iso, { seconds: true });
const yesNo = (value: boolean) => (value ? 'Yes' : 'No');
const section = (title: string, ...blocks: string[]) => [`## ${title}`, ...blocks.filter(Boolean)].join('\n\n');
const external = (source: string | null, revision: string | null) => (source ? `${source}${revision ? ` @ ${revision}` : ''}` : '');

export function modelDetails(view: CardView): string {
  const { system, model, version } = view.content;
  const stage = view.stage ? humanize(view.stage) : view.request ? `Submitted for ${view.request.targetStage} (stage at submission not part of the snapshot)` : '';
  return section('Model details', mdFacts([
    ['AI system', mdCell(system.name)],
    ['Technical owner', mdCell(personWithEmail(system.owner))],
    ['Business owner', mdCell(system.businessOwner)],
    ['Model', mdCell(`${model.name}${model.task ? ` (${model.task})` : ''}`)],
    ['Version', mdCell(version.version)],
    ['Artifact SHA-256', mdCode(version.artifactSha256)],
    ['Size', mdCell(formatBytes(version.artifactSize))],
    ['Format', mdCell(version.format)],
    ['License', mdCell(version.license)],
    ['Stage', mdCell(stage)],
    ['Artifact URI', mdCell(version.uri)],
    ['External source', mdCell(external(version.externalSource, version.externalRevision))],
    ['Registered', mdCell(utc(version.registeredAt))],
  ]), model.description ? mdParagraphs(model.description) : '');
}

export function intendedUse({ system }: Content): string {
  return section('Intended use',
    `### Purpose\n\n${mdParagraphs(system.purpose)}`,
    `### Intended use\n\n${mdParagraphs(system.intendedUse)}`,
    `### Out-of-scope uses\n\n${mdParagraphs(system.outOfScopeUses)}`,
    mdFacts([
      ['Deployment context', mdCell(system.deploymentContext)],
      ['Human oversight', mdCell(system.humanOversight)],
      ['Personal data processed', yesNo(system.personalData)],
      ['Third party', mdCell(thirdPartyText(system))],
    ]));
}

export function riskClassification({ content: { risk }, classifiedBy }: CardView): string {
  return section('Risk classification', mdFacts([
    ['Risk tier (EU AI Act)', humanize(risk.tier)],
    ['Proposed by the questionnaire', risk.proposedTier ? humanize(risk.proposedTier) : 'Classified without the questionnaire'],
    ['General-purpose AI model', yesNo(risk.generalPurposeModel)],
    ['Classified', mdCell(risk.classifiedAt ? `${day(risk.classifiedAt)}${risk.classifiedBy ? ` by ${personWithEmail(classifiedBy ?? { email: risk.classifiedBy })}` : ''}` : '')],
    ['Questionnaire', mdCell(risk.questionnaire ? questionnaireName(risk.questionnaire) : '')],
  ]), risk.reasons.length ? `Reasons:\n\n${risk.reasons.map((r) => `- ${mdInline(r)}`).join('\n')}` : '', tierJustification(risk) ? `Justification:\n\n${mdParagraphs(tierJustification(risk)!)}` : '');
}

export function trainingData({ trainingData: data }: Content): string {
  if (!data.length) return section('Training data', 'No training data is recorded: no training run reports input datasets for this version.');
  return section('Training data', mdTable(['Dataset', 'Version', 'SHA-256', 'License', 'Personal data', 'Provenance'],
    data.map((d) => [mdCell(`${d.namespace}/${d.name}`), mdCell(d.version), mdCode(d.sha256), mdCell(d.license), yesNo(d.personalData), mdCell(d.provenance)])));
}

export function lineage({ lineage: l }: Content): string {
  const runs = l.runs.length
    ? mdTable(['Job', 'Run', 'Code', 'Environment digest', 'Started', 'Ended', 'Inputs'], l.runs.map((r) => [
        mdCell(r.job), mdCode(r.externalRunId), mdCell(r.codeRepository ? `${r.codeRepository}${r.codeCommit ? `@${r.codeCommit}` : ''}` : ''),
        mdCode(r.environmentDigest), mdCell(r.startedAt && utc(r.startedAt)), mdCell(r.endedAt && utc(r.endedAt)),
        runInputsText(r),
      ]))
    : 'No training run is recorded as producing this version.';
  const bases = l.baseModels.length
    ? `Base models:\n\n${mdTable(['System', 'Model', 'Version', 'SHA-256', 'External source'], l.baseModels.map((b) => [mdCell(b.system), mdCell(b.model), mdCell(b.version), mdCode(b.sha256), mdCell(external(b.externalSource, b.externalRevision))]))}`
    : '';
  return section('Lineage', runs, bases);
}

const reading = (r: MetricRow['staging']) => (r ? `${formatMetricValue(r.value, r.unit)}${r.passed === null ? '' : r.passed ? ' (pass)' : ' (**fail**)'}, ${day(r.performedAt)}, ${r.origin === 'computed' ? originMark(r) : `*${originMark(r)}*`}` : '—');

export function evaluationResults({ evaluations, trainingData: data }: Content): string {
  if (!evaluations.length) return section('Evaluation results', 'No evaluation evidence is bound to this artifact digest.');
  const names = new Map(data.map((d) => [d.datasetVersionId, `${d.namespace}/${d.name} ${d.version}`]));
  const comparison = mdTable(['Evidence kind', 'Metric', STATED_THRESHOLD.label, 'Staging', 'Production'],
    metricComparison(evaluations).map((r) => [humanize(r.kind), mdCell(r.name), mdCell(r.threshold), reading(r.staging), reading(r.production)]));
  const list = mdTable(['Kind', 'Environment', 'Performed', 'Dataset', 'Producer', 'Summary', 'Attachments'], evaluations.map((e) => [
    humanize(e.kind), e.environment, mdCell(utc(e.performedAt)), mdCell(e.datasetVersionId && (names.get(e.datasetVersionId) ?? e.datasetVersionId)),
    mdCell(e.producer), mdCell(e.summary), e.attachments.length ? e.attachments.map((a) => `${mdInline(a.fileName)} ${mdCode(a.sha256)}`).join('; ') : '—',
  ]));
  return section('Evaluation results', `Each metric against its stated threshold, with the latest staging reading beside the latest production one. ${STATED_THRESHOLD.note}`, comparison, `Evidence (${evaluations.length}):`, list);
}

export function narrative({ narrative: n }: Content): string {
  return section('Limitations, ethics and recommendations',
    `### Limitations\n\n${mdParagraphs(n.limitations)}`,
    `### Ethical considerations\n\n${mdParagraphs(n.ethicalConsiderations)}`,
    `### Recommendations\n\n${mdParagraphs(n.recommendations)}`);
}

function signatures(request: CardRequest, cardSha256: string): string {
  const intro = `Request ${mdCode(request.id)} for ${request.targetStage}, submitted ${utc(request.submittedAt)} by ${mdInline(request.requester)}; status ${request.status}; snapshot ${mdCode(request.snapshotSha256)}${request.snapshotSha256 === cardSha256 ? ' (this card)' : ''}.`;
  if (!request.signatures.length) return `${intro}\n\nNo signatures yet.`;
  return `${intro}\n\n${mdTable(['Printed name', 'Role', 'Decision', 'Meaning', 'Signed (UTC)', 'Snapshot SHA-256', 'Comment'], request.signatures.map((s) => [
    mdCell(s.printedName), humanize(s.role), s.decision, mdCell(s.meaning), utc(s.signedAt), mdCode(s.snapshotSha256), mdCell(s.comment),
  ]))}`;
}

export function approvals(view: CardView): string {
  if (view.request) return section(`Approvals and signatures`, `The signatures of the request whose snapshot this card is.`, signatures(view.request, view.sha256));
  if (view.lastSigned) {
    const note = view.differsFromLastSigned ? `This card differs from the last signed one${signedDifferenceText(view)}: the record changed since it was signed.` : 'This card is identical to the last signed one.';
    return section('Approvals and signatures', `${note} Last signed card:`, signatures(view.lastSigned, view.sha256));
  }
  return section('Approvals and signatures', 'This version has never been approved for staging or production.');
}

export function integrity({ integrity: i }: Content): string {
  const verification = VERIFICATION_WORDS[i.lastVerification];
  const findings = i.scanFindings.length ? mdTable(['Severity', 'Code', 'Message'], i.scanFindings.map((f) => [f.severity, mdCell(f.code), mdCell(f.message)])) : 'The scan reported no findings.';
  const open = i.openFindings.length
    ? mdTable(['Raised', 'Kind', 'Subject', 'Environment', 'Expected SHA-256', 'Actual SHA-256', 'Message'], i.openFindings.map((f) => [
        utc(f.raisedAt), integrityProblemLabel(f.kind), mdCell(f.subject), mdCell(f.environment), mdCode(f.expectedSha256), mdCode(f.actualSha256), mdCell(f.message),
      ]))
    : 'No open integrity flags.';
  return [section('Integrity and scan', mdFacts([['Artifact scan', humanize(i.scanStatus)], ['Last verification', verification]]), findings), section(`${CARD_SECTIONS.integrityFindings} (${i.openFindings.length})`, open)].join('\n\n');
}

export function annexIv(card: CoveredCard): string {
  return section('EU AI Act Annex IV coverage', 'Which points of Annex IV (technical documentation) this card covers; it is not the whole technical file.',
    mdTable(['Point', 'Technical documentation asks for', 'Coverage', 'In this card', 'Note'], annexIvCoverage(card).map((p) => [p.point, mdCell(p.topic), p.coverage, mdCell(p.sections.join(', ')), mdCell(p.note)])));
}
