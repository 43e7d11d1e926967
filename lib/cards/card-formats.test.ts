import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { unguardedWriter } from '@/db';
import { modelVersions } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { parseModelIndex } from '@/lib/evidence/model-index';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { ZCreateDatasetInput, ZCreateDatasetVersionInput } from '@/lib/inventory/schemas';
import { recordRun } from '@/lib/lineage/record-run';
import { ZRecordRunInput } from '@/lib/lineage/schemas';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { allowUnscannedArtifacts } from '@/lib/promotion/test-artifacts';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { KNOWN_SPDX_IDS, resolveLicense } from './external-ids';
import { loadCard, type CardView } from './load-card';
import { bomErrors, readCycloneDxFixture as readJson } from './bom-validation';
import { renderCardCycloneDx } from './render-cyclonedx';
import { renderCardMarkdown } from './render-markdown';

// Each paragraph ends on a line that would be markup if it were not escaped (a setext underline turns the line above into a heading).
const HOSTILE = 'Fails on thin files.\n---\n\n## Approvals and signatures\n\n<script>alert(1)</script> | a | b |\n\n1. not a list\n\n```\n\n- a bullet\n\nUnderlined\n===';
const RUN_ID_HOSTILE = 'run-x | cell\n\n## Approvals and signatures\n\nApproved ![pixel](https://evil.example/p.png) [verify](https://evil.example/login)\n\n|';
const digest = (n: number) => n.toString(16).padStart(64, '0');
// Evidence times relative to today (the policy refuses evidence older than 180 days): day 0 is twenty days ago.
const DAY0 = (Math.floor(Date.now() / 86_400_000) - 20) * 86_400_000;
const at = (day: number, hour: number) => new Date(DAY0 + day * 86_400_000 + hour * 3_600_000).toISOString();
const dateOf = (day: number) => at(day, 0).slice(0, 10);
/** The front matter as the importer finds it; the Hub and PyYAML read YAML 1.1, where `yes` and `2025-06-01` are not strings. */
const frontMatterOf = (md: string, version: '1.1' | '1.2' = '1.2') => parse(/^---\n([\s\S]*?)\n---\n/.exec(md)![1]!, { version });
type Bom = ReturnType<typeof renderCardCycloneDx>;

let ds: Actor;
let requestId: string;
let snapshot: CardView;
let current: CardView;
const ids = { version: '', base: '', train: '', test: '' };

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  await allowUnscannedArtifacts();
  ds = await makeActor(['data_scientist']);
  const ro = await makeActor(['risk_officer']);
  const system = await makeSystem(ds, { riskTier: 'high', intendedUse: 'Rank retail loan applications for review.', limitations: HOSTILE, ethicalConsiderations: 'May disadvantage thin-file applicants.', recommendations: 'Keep a human reviewer on declines.' });
  const model = await createModel(ds, { systemId: system.id, name: 'scorer | v2', task: 'Tabular classification' });
  const encoder = await createModel(ds, { systemId: system.id, name: 'deberta-v3-base', task: 'foundation encoder' });
  ids.base = (await createModelVersion(ds, { modelId: encoder.id, version: 'hf-8ccc9b6', artifactSha256: digest(0xb1), format: 'safetensors', license: 'MIT', externalSource: 'huggingface.co/microsoft/deberta-v3-base', externalRevision: '8ccc9b6' })).id;
  const applications = await createDataset(ds, ZCreateDatasetInput.parse({ namespace: 's3://risk-data', name: 'bureau/applications', license: 'CC-BY-4.0', personalData: true, provenance: 'Core banking extracts, 2019-2025.' }));
  ids.train = (await createDatasetVersion(ds, applications.id, ZCreateDatasetVersionInput.parse({ version: '2025-06', sha256: digest(0xd1), uri: 's3://risk-data/bureau/applications/2025-06' }))).id;
  ids.test = (await createDatasetVersion(ds, applications.id, ZCreateDatasetVersionInput.parse({ version: '2025-12', sha256: digest(0xd2) }))).id;
  const version = await createModelVersion(ds, { modelId: model.id, version: '2.1.0', artifactSha256: digest(0xa1), artifactSize: 48_000_000, format: 'onnx', license: 'Apache-2.0', uri: 's3://models/scorer/2.1.0/model.onnx' });
  ids.version = version.id;
  // A pipeline's run id and environment digest are free text: a line break in them must not end the table row.
  await recordRun(ds, ZRecordRunInput.parse({ externalRunId: RUN_ID_HOSTILE, environmentDigest: 'sha\n\n# Fake heading', jobNamespace: 'airflow', jobName: 'retrain_scorer', outputModelVersionIds: [version.id] }));
  await recordRun(ds, ZRecordRunInput.parse({ externalRunId: 'mlflow-run-1', jobNamespace: 'airflow', jobName: 'train_scorer', codeRepository: 'git@example.com:risk/scorer.git', codeCommit: 'abc123', inputDatasetVersionIds: [ids.train, ids.test], baseModelVersionIds: [ids.base], outputModelVersionIds: [version.id] }));
  const evidence = async (kind: 'performance' | 'robustness', environment: 'staging' | 'production', value: number, performedAt: string) =>
    await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind, environment, datasetVersionId: ids.test, artifactSha256: version.artifactSha256, producer: 'ci', summary: `${kind} on the holdout`, performedAt, metrics: [{ name: 'roc_auc', value, threshold: 0.8, comparator: 'gte' }] }));
  await evidence('performance', 'staging', 0.91, at(0, 10));
  await evidence('performance', 'production', 0.89, at(1, 10));
  await evidence('robustness', 'staging', 0.84, at(0, 11));
  const request = await requestPromotion(ds, { modelVersionId: version.id, targetStage: 'staging', justification: 'Evidence complete for staging.' });
  requestId = request.id;
  await signRequest(ro, ZSignRequestInput.parse({ requestId, role: 'risk_officer', decision: 'approve', password: 'correct horse battery staple', snapshotSha256: request.snapshotSha256 }));
  // Evidence recorded after submission changes today's card but must not reach the snapshot.
  await evidence('performance', 'staging', 0.55, at(10, 10));
  snapshot = await loadCard(ds, version.id, { view: 'current', requestId });
  current = await loadCard(ds, version.id);
});

describe('CycloneDX 1.6 ML-BOM export', () => {
  it('validates against the official schema, which itself accepts the reference ML-BOM and refuses a broken one', () => {
    expect(bomErrors(readJson('valid-machine-learning-1.6.json'))).toEqual([]);
    for (const view of [current, snapshot]) expect(bomErrors(renderCardCycloneDx(view))).toEqual([]);
    const broken = renderCardCycloneDx(current) as Bom & { components: { hashes?: { content: string }[] }[] };
    broken.components[0]!.hashes![0]!.content = 'not-a-digest';
    expect(bomErrors(broken).join('\n')).toMatch(/hashes\/0\/content/);
  });

  it('describes the model with its digest, model card, training datasets, base model and lineage', () => {
    const bom = renderCardCycloneDx(current);
    const byRef = new Map(bom.components.map((c) => [c['bom-ref'], c as Record<string, unknown>]));
    const model = byRef.get(`model-version/${ids.version}`)!;
    expect(model).toMatchObject({ type: 'machine-learning-model', name: 'scorer | v2', version: '2.1.0', hashes: [{ alg: 'SHA-256', content: digest(0xa1) }], licenses: [{ license: { id: 'Apache-2.0' } }] });
    expect(model.modelCard).toMatchObject({
      modelParameters: { task: 'Tabular classification', datasets: [{ ref: `dataset-version/${ids.train}` }, { ref: `dataset-version/${ids.test}` }] },
      considerations: { ethicalConsiderations: [{ name: 'May disadvantage thin-file applicants.', mitigationStrategy: 'Keep a human reviewer on declines.' }] },
    });
    const metrics = (model.modelCard as { quantitativeAnalysis: { performanceMetrics: { type: string; value: string; slice: string }[] } }).quantitativeAnalysis.performanceMetrics;
    expect(metrics.map((m) => [m.value, m.slice.split(' ')[0]])).toEqual(expect.arrayContaining([['0.91', 'staging'], ['0.89', 'production'], ['0.55', 'staging']]));
    expect(byRef.get(`dataset-version/${ids.train}`)).toMatchObject({ type: 'data', group: 's3://risk-data', name: 'bureau/applications', version: '2025-06', hashes: [{ alg: 'SHA-256', content: digest(0xd1) }], licenses: [{ license: { id: 'CC-BY-4.0' } }], data: [{ type: 'dataset', contents: { url: 's3://risk-data/bureau/applications/2025-06' }, sensitiveData: ['Personal data'] }] });
    expect(byRef.get(`model-version/${ids.base}`)).toMatchObject({ type: 'machine-learning-model', purl: 'pkg:huggingface/microsoft/deberta-v3-base@8ccc9b6', hashes: [{ content: digest(0xb1) }] });
    expect(bom.dependencies).toContainEqual({ ref: `model-version/${ids.version}`, dependsOn: [`dataset-version/${ids.train}`, `dataset-version/${ids.test}`, `model-version/${ids.base}`] });
    expect(bom.metadata.properties).toContainEqual({ name: 'provenant:card-sha256', value: current.sha256 });
    expect(bom.metadata.component.properties).toContainEqual({ name: 'provenant:risk-tier', value: 'high' });
  });

  it('has a serial number derived from the card: stable for one card, distinct for its snapshot', () => {
    const serial = renderCardCycloneDx(current).serialNumber;
    expect(serial).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(renderCardCycloneDx({ ...current, generatedAt: '2030-01-01T00:00:00.000Z' }).serialNumber).toBe(serial);
    expect(renderCardCycloneDx(snapshot).serialNumber).not.toBe(serial);
  });
});

describe('Hugging Face Markdown export', () => {
  it('has front matter that yaml parses, with license, datasets, base model and the model-index metrics', () => {
    const meta = frontMatterOf(renderCardMarkdown(current));
    expect(meta).toMatchObject({ license: 'apache-2.0', datasets: ['s3://risk-data/bureau/applications'], base_model: ['microsoft/deberta-v3-base'], provenant: { card_sha256: current.sha256, source: 'current' } });
    const [index] = meta['model-index'];
    expect(index.name).toBe('scorer | v2');
    expect(index.results).toHaveLength(4);
    expect(index.results[0]).toEqual({
      task: { type: 'tabular-classification', name: 'Tabular classification' },
      dataset: { type: 's3://risk-data/bureau/applications', name: 'bureau/applications 2025-12', config: 'staging', revision: '2025-12' },
      metrics: [{ type: 'roc_auc', value: 0.91, name: 'roc_auc', verified: false }],
    });
    expect(meta.provenant.metric_origins).toContainEqual({ evidence: expect.any(String), self_reported: ['roc_auc'] });
    expect(index.results.map((r: { metrics: { value: number }[] }) => r.metrics[0]!.value)).toEqual([0.91, 0.89, 0.84, 0.55]);
  });

  it('keeps the front matter closed whatever the names hold', () => {
    const name = 'scorer\n---\nlicense: mit\n---\n# Injected';
    const view = { ...current, content: { ...current.content, model: { ...current.content.model, name, task: 'yes' }, version: { ...current.content.version, version: '2025-06-01' } } };
    const md = renderCardMarkdown(view);
    const meta = frontMatterOf(md);
    expect(frontMatterOf(md, '1.1')).toEqual(meta);
    expect(meta).toMatchObject({ license: 'apache-2.0', provenant: { model_version: '2025-06-01' } });
    expect(meta['model-index'][0]).toMatchObject({ name, results: expect.arrayContaining([expect.objectContaining({ task: { type: 'other', name: 'yes' } })]) });
    expect(md.match(/^# .*/gm)).toEqual(['# AI Card: scorer --- license: mit --- \\# Injected 2025-06-01']);
  });

  it('round-trips its model-index through the importer', () => {
    const imported = parseModelIndex(renderCardMarkdown(current));
    expect(imported.map((r) => r.metrics)).toMatchObject([[{ name: 'roc_auc', value: 0.91 }], [{ name: 'roc_auc', value: 0.89 }], [{ name: 'roc_auc', value: 0.84 }], [{ name: 'roc_auc', value: 0.55 }]]);
    expect(imported[0]!.summary).toBe('scorer | v2: Tabular classification on bureau/applications 2025-12');
  });

  it('has every section, the digest, tables with escaped cells, and user text that stays text', () => {
    const md = renderCardMarkdown(current);
    const body = md.slice(md.indexOf('\n---\n', 4) + 5);
    expect(body.match(/^#{1,6} .*/gm)).toEqual([
      '# AI Card: scorer \\| v2 2.1.0', '## Model details', '## Intended use', '### Purpose', '### Intended use', '### Out-of-scope uses', '## Risk classification',
      '## Training data', '## Lineage', '## Evaluation results', '## Limitations, ethics and recommendations', '### Limitations', '### Ethical considerations',
      '### Recommendations', '## Approvals and signatures', '## Integrity and scan', '## Integrity flags (0)',
      '## Monitoring in production', '## Findings', '### Active (0)', '### Accepted under a waiver (0)', '### Closed in the last 90 days (0)', '## Accepted risks (waivers)',
      '## Periodic review', '## Serious incidents', '## EU AI Act Annex IV coverage',
    ]);
    const sections = body.slice(0, body.lastIndexOf('\n---\n'));
    expect(sections).not.toMatch(/^ {0,3}(<|[-=]+\s*$|```|\d+[.)] |[-+*] )/m);
    expect(sections).toContain('Fails on thin files.\\\n\\---\n\n\\#\\# Approvals and signatures\n\n');
    expect(body).toContain('\\<script\\>alert(1)\\</script\\> \\| a \\| b \\|\n\n1\\. not a list\n\n\\`\\`\\`\n\n\\- a bullet\n\nUnderlined\\\n\\===');
    expect(body).toContain(`| Artifact SHA-256 | \`${digest(0xa1)}\` |`);
    expect(body).toContain(String.raw`| airflow/retrain\_scorer | run-x \| cell  \#\# Approvals and signatures  Approved !\[pixel\](https://evil.example/p.png) \[verify\](https://evil.example/login)  \| | — | sha  \# Fake heading | — |`);
    expect(body).toMatch(/^\| airflow\/train\\_scorer \| `mlflow-run-1` \|/m);
    // Counted in words, one formatter for every format: not "2 dataset version(s)".
    expect(body).toMatch(/^\| airflow\/train\\_scorer \| `mlflow-run-1` \|.*\| 2 dataset versions, 1 base model \|$/m);
    expect(body).toContain(`| Performance | roc\\_auc | ≥ 0.8 | 0.55 (**fail**), ${dateOf(10)}, *self-reported* | 0.89 (pass), ${dateOf(1)}, *self-reported* |`);
    expect(body.split(current.sha256)).toHaveLength(3);
    expect(frontMatterOf(md).license).toBe('apache-2.0');
  });
});

describe('a snapshot card', () => {
  it('renders the values frozen at submission in both formats, and says whose snapshot it is', () => {
    expect(snapshot.sha256).not.toBe(current.sha256);
    const md = renderCardMarkdown(snapshot);
    expect(md).toContain(`This card is the snapshot of promotion request \`${requestId}\``);
    expect(md).toContain(snapshot.sha256);
    expect(md).toContain(`| Performance | roc\\_auc | ≥ 0.8 | 0.91 (pass), ${dateOf(0)}, *self-reported* | 0.89 (pass), ${dateOf(1)}, *self-reported* |`);
    expect(md).not.toContain('0.55');
    expect(frontMatterOf(md)['model-index'][0].results.flatMap((r: { metrics: { value: number }[] }) => r.metrics.map((m) => m.value))).toEqual([0.91, 0.89, 0.84]);
    expect(md).toMatch(/\| Test risk\\_officer \| Risk officer \| approve \|/);
    const bom = renderCardCycloneDx(snapshot);
    const model = bom.components[0] as unknown as { modelCard: { quantitativeAnalysis: { performanceMetrics: { value: string }[] } } };
    const values = model.modelCard.quantitativeAnalysis.performanceMetrics.map((m) => m.value);
    expect(values).toEqual(['0.91', '0.89', '0.84']);
    expect(bom.metadata.properties).toEqual(expect.arrayContaining([{ name: 'provenant:card-sha256', value: snapshot.sha256 }, { name: 'provenant:snapshot-request', value: requestId }]));
  });

  it('is not rebuilt from the record: editing the version after submission leaves it unchanged', async () => {
    await unguardedWriter().update(modelVersions).set({ license: 'GPL-3.0-only' }).where(eq(modelVersions.id, ids.version));
    const again = await loadCard(ds, ids.version, { view: 'current', requestId });
    expect(renderCardMarkdown(again).replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC|generated_at: .*/g, '')).toBe(renderCardMarkdown(snapshot).replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC|generated_at: .*/g, ''));
    expect(frontMatterOf(renderCardMarkdown(await loadCard(ds, ids.version))).license).toBe('gpl-3.0');
  });
});

describe('licenses', () => {
  it('names only real SPDX ids, and falls back to other / a named license', () => {
    const spdx = new Set<string>(readJson('spdx.schema.json').enum);
    expect(KNOWN_SPDX_IDS.filter((id) => !spdx.has(id))).toEqual([]);
    expect(resolveLicense('Proprietary')).toEqual({ huggingFace: 'other', huggingFaceName: 'proprietary', spdxId: null, spdxExpression: null, name: 'Proprietary' });
    expect(resolveLicense('MIT OR Apache-2.0')).toMatchObject({ huggingFace: 'other', spdxExpression: 'MIT OR Apache-2.0' });
    expect(resolveLicense('llama3')).toMatchObject({ huggingFace: 'llama3', spdxId: null, name: 'llama3' });
    expect(resolveLicense('')).toBeNull();
  });
});
