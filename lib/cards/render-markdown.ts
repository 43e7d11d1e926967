import { stringify } from 'yaml';
import { humanize } from '@/lib/words';
import { hubTaskId, huggingFaceModelId, resolveLicense } from './external-ids';
import type { CardView } from './load-card';
import { metricOrigins } from './metric-origin';
import { approvals, annexIv, evaluationResults, integrity, intendedUse, lineage, modelDetails, narrative, riskClassification, trainingData, utc } from './markdown-sections';
import { oversightSections } from './markdown-oversight';
import { versionOversight } from './oversight-text';
import { mdCode, mdInline } from './markdown-text';
import { asOfLabel } from './card-time';
import { signedDifferenceText } from './card-facts';

type Content = CardView['content'];
type ModelIndexResult = {
  task: { type: string; name?: string };
  dataset: { type: string; name: string; config?: string; split?: string; revision?: string };
  metrics: { type: string; value: number; name: string; verified?: false }[];
};

/** A Hub-style metric id ("F1 score" -> "f1-score"); metric ids keep their underscores. */
const metricId = (text: string) => text.toLowerCase().replace(/[^a-z0-9_.]+/g, '-').replace(/^-+|-+$/g, '');
const unique = <T>(items: T[]) => [...new Set(items)];

/**
 * One result per evaluation with metrics (task × dataset × environment), as the Hub's model-index spec lays out. A
 * result imported from a model card gives back that card's task, dataset and metric types; others take the model's
 * Hub task id (`other` when the Hub lists none) and Provenant's names for the dataset. `verified: false` is the Hub's
 * "self-reported": only the Hub verifies (with its token), so no exported figure claims it.
 */
function modelIndexResults(c: Content, marked: boolean): ModelIndexResult[] {
  const datasets = new Map(c.trainingData.map((d) => [d.datasetVersionId, d]));
  const taskId = hubTaskId(c.model) ?? 'other';
  return c.evaluations.filter((e) => e.metrics.length).map((e) => {
    const d = e.datasetVersionId ? datasets.get(e.datasetVersionId) : undefined;
    const dataset = e.modelIndex?.dataset ?? (d
      ? { type: `${d.namespace}/${d.name}`, name: `${d.name} ${d.version}`, config: e.environment, revision: d.version }
      : { type: e.datasetVersionId ? `provenant-dataset-version/${e.datasetVersionId}` : `provenant-${e.kind}-evidence`, name: e.summary || `${humanize(e.kind)} evaluation`, config: e.environment });
    return {
      task: e.modelIndex?.task ?? { type: taskId, ...(c.model.task ? { name: c.model.task } : {}) },
      dataset,
      metrics: e.metrics.map((m) => ({ type: m.metricType ?? (metricId(m.name) || 'metric'), value: m.value, name: m.name, ...(marked ? { verified: false as const } : {}) })),
    };
  });
}

const byOrigin = (metrics: { name: string }[], key: string) => (metrics.length ? { [key]: metrics.map((m) => m.name) } : {});

/** External base models by their Hub id where they have one; others by their source, or by system and model name. */
function baseModelIds(c: Content) {
  return c.lineage.baseModels.map((b) => ({
    id: huggingFaceModelId(b.externalSource) ?? b.externalSource ?? `${b.system}/${b.model}`,
    revision: b.externalRevision ?? b.version,
    sha256: b.sha256,
  }));
}

/** The Hugging Face model-card metadata; `provenant` carries what the Hub has no key for (digest, snapshot, revisions). */
function frontMatter(view: CardView): Record<string, unknown> {
  const c = view.content;
  const license = resolveLicense(c.version.license);
  const bases = baseModelIds(c);
  const originOf = metricOrigins(view);
  const results = modelIndexResults(c, originOf !== null);
  // Which figures the server computed from a tool report and which the caller typed: the Hub has no key for it.
  const origins = originOf
    ? c.evaluations.filter((e) => e.metrics.length).map((e) => ({
        evidence: e.id,
        ...(e.report ? { report: e.report } : {}),
        ...byOrigin(e.metrics.filter((m) => originOf(m) === 'computed'), 'computed'),
        ...byOrigin(e.metrics.filter((m) => originOf(m) === 'self-reported'), 'self_reported'),
      }))
    : [];
  const tags = ['provenant', 'ai-card', `eu-ai-act-${c.risk.tier}-risk`, c.version.format, ...(c.risk.generalPurposeModel ? ['general-purpose-ai'] : []), ...(c.system.personalData ? ['personal-data'] : [])];
  const pipelineTag = hubTaskId(c.model);
  return {
    ...(c.model.libraryName ? { library_name: c.model.libraryName } : {}),
    ...(pipelineTag && pipelineTag !== 'other' ? { pipeline_tag: pipelineTag } : {}),
    ...(c.model.languages?.length ? { language: c.model.languages } : {}),
    license: license?.huggingFace ?? 'unknown',
    ...(license?.huggingFaceName ? { license_name: license.huggingFaceName } : {}),
    ...(c.trainingData.length ? { datasets: unique(c.trainingData.map((d) => `${d.namespace}/${d.name}`)) } : {}),
    ...(bases.length ? { base_model: unique(bases.map((b) => b.id)) } : {}),
    tags: unique(tags),
    ...(results.length ? { 'model-index': [{ name: c.model.name, results }] } : {}),
    provenant: {
      card_schema: c.schema,
      card_sha256: view.sha256,
      source: view.source,
      snapshot_of_request: view.request?.id ?? null,
      system: c.system.name,
      model_version: c.version.version,
      artifact_sha256: c.version.artifactSha256,
      risk_tier: c.risk.tier,
      ...(bases.length ? { base_models: bases } : {}),
      ...(origins.length ? { metric_origins: origins } : {}),
      generated_at: view.generatedAt,
    },
  };
}

/** Where the card comes from, said at the top: the snapshot of a request, or today's record (and how it compares). */
function provenance(view: CardView): string {
  const digest = `Card digest (SHA-256 of the canonical JSON of the card): ${mdCode(view.sha256)}.`;
  if (view.request) {
    return `> This card is the snapshot of promotion request ${mdCode(view.request.id)} (to ${view.request.targetStage}), frozen when it was submitted on ${utc(view.request.submittedAt)}; it is rendered from that snapshot, not from today's data.\n>\n> ${digest}`;
  }
  const signed = view.lastSigned;
  const comparison = !signed ? 'This version has never been signed off.'
    : view.differsFromLastSigned ? `It differs from the last signed card${signedDifferenceText(view)} (request ${mdCode(signed.id)}, digest ${mdCode(signed.snapshotSha256)}).`
    : `It is identical to the card signed in request ${mdCode(signed.id)}.`;
  return `> This card is built from the record as it stood at ${utc(view.generatedAt)}. ${comparison}\n>\n> ${digest}`;
}

/**
 * The AI Card as a Hugging Face model card: YAML front matter (license, datasets, base_model, tags, model-index)
 * written by the yaml library, then every section of the card with user text escaped so it stays text.
 */
export function renderCardMarkdown(view: CardView): string {
  const c = view.content;
  // YAML 1.1 quoting, because the Hub and PyYAML read 1.1: a dataset version "2025-06-01" must stay a string.
  const yaml = stringify(frontMatter(view), { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });
  const body = [
    `# AI Card: ${mdInline(c.model.name)} ${mdInline(c.version.version)}`,
    `${mdInline(c.system.name)} · ${humanize(c.risk.tier)} risk (EU AI Act)`,
    provenance(view),
    modelDetails(view),
    intendedUse(c),
    riskClassification(view),
    trainingData(c),
    lineage(c),
    evaluationResults(c),
    narrative(c),
    approvals(view),
    integrity(c),
    ...oversightSections(versionOversight(view)),
    annexIv(view),
    `---\n\nGenerated by Provenant from card ${mdCode(view.sha256)} (${c.schema}); ${asOfLabel(view).toLowerCase()} ${utc(view.generatedAt)}.`,
  ];
  return `---\n${yaml}---\n\n${body.join('\n\n')}\n`;
}
