import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { first, getDb, unguardedWriter } from '@/db';
import { evaluationMetrics, evaluations, models } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { importModelIndex } from '@/lib/evidence/import-model-index';
import { readMetricValue } from '@/lib/evidence/model-index';
import { HUB_SAMPLE, VERIFIED_CARD, WELSH_PERCENT } from '@/lib/evidence/model-index-fixtures';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { recordRun } from '@/lib/lineage/record-run';
import { ZRecordRunInput } from '@/lib/lineage/schemas';
import { importCycloneDxBom } from '@/lib/inventory/import-cyclonedx-bom';
import { ZCreateModelInput, ZImportCycloneDxBomInput } from '@/lib/inventory/schemas';
import { parseInput } from '@/lib/http/to-domain-error';
import { makeActor, makeSystem } from '@/lib/testing';
import { bomErrors } from './bom-validation';
import { HUB_TASK_IDS, hubTaskId } from './external-ids';
import { loadCard } from './load-card';
import { renderCardCycloneDx } from './render-cyclonedx';
import { renderCardMarkdown } from './render-markdown';

/** Real cards and BOMs: lib/cards/fixtures/README.md and lib/evidence/model-index-fixtures.ts say where each comes from. */
const fixture = (name: string) => fs.readFileSync(path.join(process.cwd(), 'lib', 'cards', 'fixtures', name), 'utf8');
const TRAINER_CARD = fixture('distilbert-sst2-trainer-README.md');
const frontMatterOf = (md: string) => parse(/^---\n([\s\S]*?)\n---\n/.exec(md)![1]!, { version: '1.1' });
const digest = (n: number) => n.toString(16).padStart(64, '0');
// A card lists a result's metrics by name; the order within a result is the only thing the round trip does not keep.
const byName = <T extends { name: string }>(metrics: T[]) => [...metrics].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
type Json = Record<string, unknown>;
type ModelCard = { modelParameters: { datasets: { ref: string }[] } & Json; quantitativeAnalysis: { performanceMetrics: Json[] } };
const modelCardOf = (bom: ReturnType<typeof renderCardCycloneDx>) => (bom.components[0] as unknown as { modelCard: ModelCard }).modelCard;

let ds: Actor;
let systemId: string;
let serial = 0;
beforeAll(async () => {
  ds = await makeActor(['data_scientist'], 'ds');
  systemId = (await makeSystem(ds)).id;
});

/** A fresh version with `card` imported into it, and its Hugging Face export's front matter. */
async function importThenExport(card: string, model: Partial<Json> = {}) {
  const n = ++serial;
  const created = await createModel(ds, parseInput(ZCreateModelInput, { systemId, name: `round-trip-${n}`, ...model }));
  const version = await createModelVersion(ds, { modelId: created.id, version: '1', artifactSha256: digest(n), format: 'safetensors' });
  await importModelIndex(ds, { modelVersionId: version.id, environment: 'staging', artifactSha256: digest(n), content: card });
  const view = await loadCard(ds, version.id);
  return { view, modelId: created.id, meta: frontMatterOf(renderCardMarkdown(view)) };
}

/** What the Hub's spec lets a card say about each result, read from the card itself (every entry, in order). */
function sourceResults(card: string) {
  const index = (frontMatterOf(card)['model-index'] as { results: Json[] }[]);
  const pick = (o: Json, keys: string[]) => Object.fromEntries(keys.flatMap((k) => (o[k] === undefined ? [] : [[k, String(o[k])]])));
  return index.flatMap((entry) => entry.results).map((r) => ({
    task: pick(r.task as Json, ['type', 'name']),
    dataset: pick(r.dataset as Json, ['type', 'name', 'config', 'split', 'revision']),
    metrics: byName((r.metrics as Json[]).map((m) => ({ type: m.type, name: String(m.name ?? m.type), value: (readMetricValue(m.value) as { value: number }).value }))),
  }));
}

describe('a Hugging Face card imported and exported again', () => {
  const cards: [string, string][] = [
    ["transformers' Trainer card (distilbert-base-uncased-finetuned-sst2)", TRAINER_CARD],
    ["huggingface_hub's sample with two results on one dataset", HUB_SAMPLE],
    ['a card with hub-verified metrics (albert-squad-v2)', VERIFIED_CARD],
    ['a card whose WER is a percentage string (wav2vec2-large-xlsr-welsh)', WELSH_PERCENT],
  ];
  it.each(cards)('%s keeps task type and name, dataset type, name, config, split and revision, metric type, name and value', async (_, card) => {
    const { meta } = await importThenExport(card);
    const exported = (meta['model-index'][0].results as Json[]).map((r) => ({
      task: r.task, dataset: r.dataset, metrics: byName((r.metrics as { type: string; name: string; value: number }[]).map((m) => ({ type: m.type, name: m.name, value: m.value }))),
    }));
    expect(exported).toEqual(sourceResults(card));
  });

  it("carries the card's library_name and language into the model and out again, without overwriting what the owner set", async () => {
    const { meta } = await importThenExport(HUB_SAMPLE);
    expect(meta).toMatchObject({ library_name: 'timm', language: ['en'] });
    const owned = await importThenExport(HUB_SAMPLE, { libraryName: 'transformers', languages: 'fr' });
    expect(owned.meta).toMatchObject({ library_name: 'transformers', language: ['fr'] });
    expect(first(await getDb().select().from(models).where(eq(models.id, owned.modelId)).limit(1))).toMatchObject({ libraryName: 'transformers', languages: ['fr'] });
  });

  it('keeps the digest of cards whose evidence was recorded before the source was kept (no metric type, no model-index key)', async () => {
    const created = await createModel(ds, { systemId, name: `typed-${++serial}` });
    const version = await createModelVersion(ds, { modelId: created.id, version: '1', artifactSha256: digest(900 + serial), format: 'safetensors' });
    await recordEvaluation(ds, parseInput(ZRecordEvaluationInput, { modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: digest(900 + serial), performedAt: new Date(Date.now() - 60_000).toISOString(), metrics: [{ name: 'accuracy', value: 0.9 }] }));
    const [evaluation] = (await loadCard(ds, version.id)).content.evaluations;
    expect(evaluation).not.toHaveProperty('modelIndex');
    expect(evaluation!.metrics[0]).toEqual({ name: 'accuracy', value: 0.9, threshold: null, comparator: null, passed: null });
  });
});

describe('Hub task ids', () => {
  it("are exactly the pipeline tags of huggingface.js's list", () => {
    const source = fixture('huggingface-pipelines.ts.txt');
    const body = source.slice(source.indexOf('PIPELINE_DATA = {'), source.indexOf('} satisfies Record<string, PipelineData>'));
    expect([...HUB_TASK_IDS]).toEqual([...body.matchAll(/^\t"?([a-z0-9-]+)"?: \{/gm)].map((m) => m[1]));
  });

  it("name the model's task when it is one, never an invented id", async () => {
    expect(hubTaskId({ task: 'Text classification' })).toBe('text-classification');
    expect(hubTaskId({ task: 'binary classification', pipelineTag: 'tabular-classification' })).toBe('tabular-classification');
    expect(hubTaskId({ task: 'credit scoring' })).toBeNull();
    const { meta } = await importThenExport(WELSH_PERCENT, { task: 'credit scoring' });
    expect(meta).not.toHaveProperty('pipeline_tag');
  });
});

describe('a vendor ML-BOM imported and exported again as CycloneDX', () => {
  it('keeps modelParameters (approach, task, architecture, datasets, inputs, outputs) and validates against the 1.6 schema', async () => {
    const source = JSON.parse(fixture('bom-examples-model-card-with-dataset.json'));
    const imported = await importCycloneDxBom(ds, parseInput(ZImportCycloneDxBomInput, { bom: source, riskTier: 'limited', artifactSha256: digest(0xb0) }));
    const view = await loadCard(ds, imported.version.id);
    const bom = renderCardCycloneDx(view);
    expect(bomErrors(bom)).toEqual([]);
    const { datasets, ...params } = modelCardOf(bom).modelParameters;
    const { datasets: sourceDatasets, ...sourceParams } = source.components[0].modelCard.modelParameters;
    expect(params).toEqual(sourceParams);
    const byRef = new Map<string, Json>(bom.components.map((c) => [c['bom-ref'], c as unknown as Json]));
    const urlOf = (c: Json) => ((c.data as Json[])[0]!.contents as { url: string }).url;
    const sourceByRef = new Map<string, Json>(source.components.map((c: Json) => [c['bom-ref'], c]));
    expect(datasets.map((d) => urlOf(byRef.get(d.ref)!)).sort()).toEqual(sourceDatasets.map((d: { ref: string }) => urlOf(sourceByRef.get(d.ref)!)).sort());
    expect(frontMatterOf(renderCardMarkdown(view))).toMatchObject({ pipeline_tag: 'text-classification' });
  });

  it("Provenant's own export imported as a vendor BOM: the subject's model (not its base model) with the same parameters, digest and datasets", async () => {
    const model = await createModel(ds, parseInput(ZCreateModelInput, { systemId, name: `exported-${++serial}`, task: 'Fraud detection', pipelineTag: 'tabular-classification', approach: 'supervised', architectureFamily: 'gradient boosting', modelArchitecture: 'XGBClassifier', inputs: 'application/parquet', outputs: 'application/json' }));
    const base = await createModelVersion(ds, { modelId: (await createModel(ds, { systemId, name: `base-${serial}` })).id, version: '1', artifactSha256: digest(0xd1), format: 'safetensors' });
    const version = await createModelVersion(ds, { modelId: model.id, version: '2.0.0', artifactSha256: digest(0xd2), format: 'safetensors' });
    const dataset = await createDataset(ds, { namespace: 's3://fraud', name: `transactions-${serial}` });
    const train = await createDatasetVersion(ds, dataset.id, { version: '2026-11', uri: 's3://fraud/transactions/2026-11', sha256: digest(0xd3) });
    await recordRun(ds, ZRecordRunInput.parse({ externalRunId: `round-trip-${serial}`, jobNamespace: 'ci', jobName: 'train', inputDatasetVersionIds: [train.id], baseModelVersionIds: [base.id], outputModelVersionIds: [version.id] }));
    const exported = renderCardCycloneDx(await loadCard(ds, version.id));
    const imported = await importCycloneDxBom(ds, parseInput(ZImportCycloneDxBomInput, { bom: JSON.stringify(exported), riskTier: 'high' }));
    expect(imported.version).toMatchObject({ version: '2.0.0', artifactSha256: digest(0xd2) });
    const again = renderCardCycloneDx(await loadCard(ds, imported.version.id));
    expect(modelCardOf(again).modelParameters).toMatchObject({ ...modelCardOf(exported).modelParameters, datasets: [expect.anything()] });
    // The dataset named by its namespace (the component's group) and name is the one already registered: the same version.
    expect(imported.datasetVersionIds).toEqual([train.id]);
  });

  it('gives each metric its confidence interval where one is known', async () => {
    const created = await createModel(ds, { systemId, name: `bounded-${++serial}` });
    const version = await createModelVersion(ds, { modelId: created.id, version: '1', artifactSha256: digest(0xc0), format: 'safetensors' });
    const evaluation = await recordEvaluation(ds, parseInput(ZRecordEvaluationInput, { modelVersionId: version.id, kind: 'red_team', environment: 'staging', artifactSha256: digest(0xc0), performedAt: new Date(Date.now() - 60_000).toISOString(), metrics: [{ name: 'attack_success_rate', value: 0.02 }, { name: 'refusals', value: 12 }] }));
    // Bounds arrive with tool reports (garak's bootstrap interval); set here as such a report leaves them.
    await unguardedWriter().update(evaluationMetrics).set({ lowerBound: 0.01, upperBound: 0.045 }).where(eq(evaluationMetrics.evaluationId, evaluation.id));
    await unguardedWriter().update(evaluationMetrics).set({ lowerBound: null, upperBound: null }).where(eq(evaluationMetrics.name, 'refusals'));
    const bom = renderCardCycloneDx(await loadCard(ds, version.id));
    expect(bomErrors(bom)).toEqual([]);
    expect(modelCardOf(bom).quantitativeAnalysis.performanceMetrics).toEqual([
      { type: 'attack_success_rate', value: '0.02', slice: `staging (red_team evidence ${evaluation.id}, self-reported)`, confidenceInterval: { lowerBound: '0.01', upperBound: '0.045' } },
      { type: 'refusals', value: '12', slice: `staging (red_team evidence ${evaluation.id}, self-reported)` },
    ]);
  });
});

describe('self-reported figures beside computed ones in the exports', () => {
  /** A garak report's computed attack success rate, and an upper bound the caller typed into the same evidence. */
  async function mixedCard() {
    const n = ++serial;
    const created = await createModel(ds, { systemId, name: `mixed-${n}` });
    const version = await createModelVersion(ds, { modelId: created.id, version: '1', artifactSha256: digest(0xe00 + n), format: 'safetensors' });
    const evaluation = await recordEvaluation(ds, parseInput(ZRecordEvaluationInput, { modelVersionId: version.id, kind: 'red_team', environment: 'staging', artifactSha256: digest(0xe00 + n), performedAt: new Date(Date.now() - 60_000).toISOString(), metrics: [{ name: 'attack_success_rate', value: 0.38 }, { name: 'attack_success_rate_upper', value: 0.01 }] }));
    // As a garak report leaves them (lib/evidence/record-tool-report.ts): the report named, the figure it gave computed.
    await unguardedWriter().update(evaluations).set({ reportFormat: 'garak', reportTool: 'garak' }).where(eq(evaluations.id, evaluation.id));
    await unguardedWriter().update(evaluationMetrics).set({ origin: 'computed' }).where(and(eq(evaluationMetrics.evaluationId, evaluation.id), eq(evaluationMetrics.name, 'attack_success_rate')));
    return { view: await loadCard(ds, version.id), evaluationId: evaluation.id };
  }

  it('CycloneDX names each origin in the slice and in a modelCard property, and stays valid against the 1.6 schema', async () => {
    const { view, evaluationId } = await mixedCard();
    const bom = renderCardCycloneDx(view);
    expect(bomErrors(bom)).toEqual([]);
    expect(modelCardOf(bom).quantitativeAnalysis.performanceMetrics.map((m) => [m.type, m.value, m.slice])).toEqual([
      ['attack_success_rate', '0.38', `staging (red_team evidence ${evaluationId}, computed)`],
      ['attack_success_rate_upper', '0.01', `staging (red_team evidence ${evaluationId}, self-reported)`],
    ]);
    const properties = (modelCardOf(bom) as unknown as { properties: { name: string; value: string }[] }).properties;
    expect(properties).toEqual(expect.arrayContaining([
      { name: `provenant:origin:${evaluationId}:attack_success_rate`, value: 'computed' },
      { name: `provenant:origin:${evaluationId}:attack_success_rate_upper`, value: 'self-reported' },
    ]));
  });

  it('Hugging Face marks every figure verified: false (only the Hub verifies), names the origins under provenant, and imports back unchanged', async () => {
    const { view, evaluationId } = await mixedCard();
    const md = renderCardMarkdown(view);
    const meta = frontMatterOf(md);
    expect(meta['model-index'][0].results[0].metrics).toEqual([
      { type: 'attack_success_rate', value: 0.38, name: 'attack_success_rate', verified: false },
      { type: 'attack_success_rate_upper', value: 0.01, name: 'attack_success_rate_upper', verified: false },
    ]);
    expect(meta.provenant.metric_origins).toEqual([{ evidence: evaluationId, report: { format: 'garak', tool: 'garak' }, computed: ['attack_success_rate'], self_reported: ['attack_success_rate_upper'] }]);
    const again = (await importThenExport(md)).view.content.evaluations[0]!;
    expect(again.metrics.map((m) => [m.name, m.value, m.origin])).toEqual([['attack_success_rate', 0.38, undefined], ['attack_success_rate_upper', 0.01, undefined]]);
  });

  it('leaves the exports of a snapshot frozen before origins existed as they were: no marks where the snapshot says nothing', async () => {
    const created = await createModel(ds, { systemId, name: `typed-only-${++serial}` });
    const version = await createModelVersion(ds, { modelId: created.id, version: '1', artifactSha256: digest(0xf00 + serial), format: 'safetensors' });
    const evaluation = await recordEvaluation(ds, parseInput(ZRecordEvaluationInput, { modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: digest(0xf00 + serial), performedAt: new Date(Date.now() - 60_000).toISOString(), metrics: [{ name: 'accuracy', value: 0.9 }] }));
    const old = { ...await loadCard(ds, version.id), source: 'snapshot' as const };
    const bom = renderCardCycloneDx(old);
    expect(modelCardOf(bom).quantitativeAnalysis.performanceMetrics).toEqual([{ type: 'accuracy', value: '0.9', slice: `staging (performance evidence ${evaluation.id})` }]);
    expect(JSON.stringify(bom)).not.toContain('provenant:origin');
    const meta = frontMatterOf(renderCardMarkdown(old));
    expect(meta['model-index'][0].results[0].metrics).toEqual([{ type: 'accuracy', value: 0.9, name: 'accuracy' }]);
    expect(meta.provenant).not.toHaveProperty('metric_origins');
    const marked = { ...(await mixedCard()).view, source: 'snapshot' as const };
    expect(frontMatterOf(renderCardMarkdown(marked))['model-index'][0].results[0].metrics[1]).toMatchObject({ verified: false });
  });
});
