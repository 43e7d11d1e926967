import { evidenceCounts, whyEvidenceNeverCounts } from '@/lib/evidence/evidence-counts';
import { humanize } from '@/lib/words';
import { formatBytes } from '@/lib/format/bytes';
import { heading, paragraph, table, type FlowBlock } from '@/lib/pdf/flow';
import { theme } from '@/lib/pdf/theme';
import type { PackData } from '../collect-pack-data';
import { label, personLabel, utc, versionTitle, type VersionInfo } from './format';
import { formatMetricValue } from '@/lib/format/metric-value';
import { COMPARATOR_SYMBOLS, STATED_THRESHOLD } from '@/lib/evidence/metric';
import { decisionLabel } from '@/lib/promotion/signature-words';

type Evaluation = PackData['evidence'][number];
type Metric = Evaluation['metrics'][number];

/** A metric as recorded, with its own threshold's verdict and whether the server computed it or the caller said so. */
const metricLine = (m: Metric) =>
  `${m.name} ${formatMetricValue(m.value, m.unit)}${m.comparator && m.threshold != null ? ` (stated ${COMPARATOR_SYMBOLS[m.comparator]} ${formatMetricValue(m.threshold)}: ${m.passed ? 'pass' : 'FAIL'})` : ''}, ${m.origin === 'computed' ? 'computed' : 'self-reported'}`;

/** Counts, or why it never counts: a retracted, superseded or other-bytes record stays in the pack, marked, with its reason. */
function evidenceStatus(e: Evaluation, version: VersionInfo) {
  const why = whyEvidenceNeverCounts(e, version.artifactSha256);
  if (why === null) return 'Counts toward the gate';
  if (why === 'other bytes') return 'Never counts: run on other bytes';
  return `${humanize(why)}${e.statusChangedAt ? ` ${utc(e.statusChangedAt).slice(0, 10)}` : ''}: never counts${e.statusReason ? `\n${e.statusReason}` : ''}`;
}

/** Evidence of one version received in the period: evaluations with their status and every metric, then the attachments. */
export function evidenceBlocks(data: PackData, version: VersionInfo): FlowBlock[] {
  const evaluations = data.evidence.filter((evaluation) => evaluation.modelVersionId === version.id);
  if (evaluations.length === 0) return [];
  const attachments = evaluations.flatMap((evaluation) => evaluation.attachments.map((attachment) => ({ ...attachment, evaluation })));
  const blocks: FlowBlock[] = [
    heading(2, `Evidence (${evaluations.length})`),
    paragraph(`${STATED_THRESHOLD.note} A metric is self-reported unless the server computed it from a tool report it holds.`, true),
    table(`Evidence of ${versionTitle(version)}`, [
      { title: 'Received (UTC), ran (claimed)', weight: 1.25, kind: 'mono', cell: (e: Evaluation) => `${utc(e.createdAt)}\n${e.performedAt === e.createdAt ? 'no run time claimed' : `ran ${utc(e.performedAt)}`}` },
      { title: 'Kind, environment', weight: 1.3, cell: (e) => `${label(e.kind)}, ${e.environment}` },
      { title: 'Status', weight: 1.3, cell: (e) => evidenceStatus(e, version), color: (e) => (evidenceCounts(e, version.artifactSha256) ? theme.color.text : theme.color.bad) },
      { title: 'Producer', weight: 1.0, cell: (e) => e.producer },
      {
        title: 'Run on this artifact',
        weight: 0.9,
        cell: (e) => (e.artifactSha256 === version.artifactSha256 ? 'Yes' : `No: ${e.artifactSha256.slice(0, 12)}…`),
        color: (e) => (e.artifactSha256 === version.artifactSha256 ? theme.color.text : theme.color.bad),
      },
      { title: 'Metrics', weight: 2.2, cell: (e) => e.metrics.map(metricLine).join('\n') || 'None', color: (e) => (e.metrics.some((m) => m.passed === false) ? theme.color.bad : theme.color.text) },
    ], evaluations),
  ];
  if (attachments.length) {
    blocks.push(table(`Attachments of ${versionTitle(version)}`, [
      { title: 'Evidence', weight: 1.4, cell: (a: (typeof attachments)[number]) => `${label(a.evaluation.kind)} ${utc(a.evaluation.createdAt).slice(0, 10)}` },
      { title: 'File', weight: 1.9, cell: (a) => `${a.fileName}\n${a.mediaType}` },
      { title: 'Size', weight: 0.8, align: 'right', cell: (a) => formatBytes(a.size) },
      { title: 'SHA-256 (file in the ZIP under attachments/)', weight: 2.7, kind: 'digest', cell: (a) => a.blobSha256 },
    ], attachments));
  }
  return blocks;
}

type Request = PackData['promotions'][number];

/** Promotion requests of one version with the gate outcome and the frozen snapshot, then every signature given. */
export function promotionBlocks(data: PackData, version: VersionInfo): FlowBlock[] {
  const requests = data.promotions.filter((request) => request.modelVersionId === version.id);
  if (requests.length === 0) return [];
  const person = personLabel(data.people);
  const signed = requests.flatMap((request) => request.signatures.map((signature) => ({ ...signature, request })));
  const gatePassed = (r: Request) => (r.gateResult as { passed?: boolean }).passed;
  const blocks: FlowBlock[] = [
    heading(2, `Promotion requests (${requests.length})`),
    table(`Promotion requests of ${versionTitle(version)}`, [
      { title: 'Requested (UTC)', weight: 1.25, kind: 'mono', cell: (r: Request) => utc(r.createdAt) },
      { title: 'Target, status', weight: 1.1, cell: (r) => `${label(r.targetStage)}, ${label(r.status)}${r.closedAt ? `\nclosed ${utc(r.closedAt)}` : ''}` },
      { title: 'Requester', weight: 1.5, cell: (r) => person(r.requesterId) },
      { title: 'Gate', weight: 0.7, cell: (r) => (gatePassed(r) === undefined ? '—' : gatePassed(r) ? 'Passed' : 'Failed'), color: (r) => (gatePassed(r) === false ? theme.color.bad : theme.color.text) },
      { title: 'Snapshot SHA-256', weight: 2.6, kind: 'digest', cell: (r) => r.snapshotSha256 },
    ], requests),
  ];
  if (signed.length) {
    blocks.push(heading(2, `Signatures (${signed.length})`), table(`Signatures of ${versionTitle(version)}`, [
      { title: 'Signer (printed name), role', weight: 1.5, cell: (s: (typeof signed)[number]) => `${s.printedName}\n${label(s.role)}` },
      { title: 'Decision, signed (UTC)', weight: 1.3, cell: (s) => `${decisionLabel(s)}\n${utc(s.signedAt)}`, color: (s) => (s.decision === 'approve' ? theme.color.ok : theme.color.bad) },
      { title: 'Meaning and comment', weight: 2.2, cell: (s) => [`“${s.meaning}”`, s.comment ? `Comment: ${s.comment}` : ''].filter(Boolean).join('\n') },
      { title: 'Snapshot digest seen', weight: 2, kind: 'digest', cell: (s) => s.snapshotSha256 },
    ], signed));
  }
  return blocks;
}
