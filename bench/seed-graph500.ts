/**
 * A 500-node lineage graph around one model version, written through the app's own verbs so every node has the
 * records the graph page describes. Depth 4 from the root reaches exactly 500 nodes: upstream its training run,
 * 60 prepared tables from 60 preparation runs over 240 raw tables, and a base model with its own run; downstream
 * 5 deployments and 40 fine-tunes, each with its version and deployment.
 */
import { mapInOrder } from '@/lib/map-in-order';
import { createHash } from 'node:crypto';
import type { Actor } from '@/lib/auth/actor';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { createSystem } from '@/lib/inventory/create-system';
import { recordRun } from '@/lib/lineage/record-run';
import { reportDeployment } from '@/lib/lineage/report-deployment';

export const GRAPH500_DEPTH = 4;
const PREPARED = 60, RAW_PER_PREP = 4, BASE_INPUTS = 10, ROOT_DEPLOYMENTS = 5, FINE_TUNES = 40;

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

export async function seedGraph500(actor: Actor): Promise<string> {
  const system = await createSystem(actor, { name: 'Retail credit scoring (lineage bench)', purpose: 'Scores retail loan applicants.', riskTier: 'high' });
  const scorer = await createModel(actor, { systemId: system.id, name: 'credit-scorer' });
  const baseLine = await createModel(actor, { systemId: system.id, name: 'tabular-foundation' });
  const dataset = async (namespace: string, name: string) => (await createDatasetVersion(actor, (await createDataset(actor, { namespace, name })).id, { version: '2026-11-01', sha256: sha(name) })).id;
  const version = async (modelId: string, label: string, external?: string) => {
    const artifactSha256 = sha(`${modelId}@${label}`);
    return { id: (await createModelVersion(actor, { modelId, version: label, artifactSha256, format: 'safetensors', externalSource: external ?? null })).id, artifactSha256 };
  };
  const run = async (name: string, input: { inputs?: string[]; bases?: string[]; models?: string[]; datasets?: string[] }) =>
    (await recordRun(actor, {
      externalRunId: `bench-${name}`, jobNamespace: 'airflow://risk-ml', jobName: name, codeRepository: 'https://git.example.com/risk/credit', codeCommit: sha(name).slice(0, 40),
      inputDatasetVersionIds: input.inputs ?? [], baseModelVersionIds: input.bases ?? [], outputModelVersionIds: input.models ?? [], outputDatasetVersionIds: input.datasets ?? [],
    })).run.id;
  const deploy = async (v: { id: string; artifactSha256: string }, endpoint: string) =>
    await reportDeployment(actor, { environment: 'production', endpoint, reportedSha256: v.artifactSha256, modelVersionId: v.id });

  const raw = (await mapInOrder(Array.from({ length: PREPARED * RAW_PER_PREP }), async (_, i) => await dataset('s3://bank-raw', `core_banking.table_${i}`)));
  const prepared = (await mapInOrder(Array.from({ length: PREPARED }), async (_, i) => {
    const out = await dataset('s3://bank-features', `features.applicant_${i}`);
    // One extra raw table per preparation run is shared with its neighbour, so the graph is not a plain tree.
    const inputs = [...raw.slice(i * RAW_PER_PREP, (i + 1) * RAW_PER_PREP), raw[((i + 1) * RAW_PER_PREP) % raw.length]!];
    await run(`prepare_features_${i}`, { inputs, datasets: [out] });
    return out;
  }));
  const foundation = await version(baseLine.id, 'v1-external', 'huggingface');
  const base = await version(baseLine.id, 'v2');
  const baseInputs = (await mapInOrder(Array.from({ length: BASE_INPUTS }), async (_, i) => await dataset('s3://bank-features', `pretraining.corpus_${i}`)));
  await run('pretrain_tabular', { inputs: baseInputs, bases: [foundation.id], models: [base.id] });
  const root = await version(scorer.id, '3.0.0');
  await run('train_credit_scorer', { inputs: prepared, bases: [base.id], models: [root.id] });
  for (let d = 0; d < ROOT_DEPLOYMENTS; d++) await deploy(root, `https://scoring-${d}.bank.example/v3`);
  for (let k = 0; k < FINE_TUNES; k++) {
    const tuned = await version(scorer.id, `3.0.${k + 1}-region-${k}`);
    await run(`fine_tune_region_${k}`, { inputs: [prepared[k]!], bases: [root.id], models: [tuned.id] });
    await deploy(tuned, `https://scoring-region-${k}.bank.example/v3`);
  }
  return `model_version:${root.id}`;
}
