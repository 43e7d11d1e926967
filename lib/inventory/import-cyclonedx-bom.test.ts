import fs from 'node:fs';
import path from 'node:path';
import { count, eq, gt, inArray, max } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as importRoute from '@/app/api/v1/models/import/route';
import { createApiToken } from '@/lib/auth/create-api-token';
import { first as firstRow, getDb } from '@/db';
import { aiSystems, auditEvents, datasets, datasetVersions, lineageEdges, models, modelVersions, trainingRuns } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { readCycloneDxFixture } from '@/lib/cards/bom-validation';
import { parseInput } from '@/lib/http/to-domain-error';
import { wasExisting } from '@/lib/idempotent';
import { nodeKey } from '@/lib/lineage/node-key';
import { makeActor } from '@/lib/testing';
import { createDataset } from './create-dataset';
import { createDatasetVersion } from './create-dataset-version';
import { BOM_LIMITS } from './cyclonedx/read-ml-bom';
import { importCycloneDxBom } from './import-cyclonedx-bom';
import { ZImportCycloneDxBomInput } from './schemas';

/** Real ML-BOMs; see lib/cards/fixtures/README.md for where each comes from. */
const fixture = (name: string) => fs.readFileSync(path.join(process.cwd(), 'lib', 'cards', 'fixtures', name), 'utf8');
const auditCount = async () => firstRow(await getDb().select({ n: count() }).from(auditEvents).limit(1))!.n;
const lastSeq = async () => firstRow(await getDb().select({ n: max(auditEvents.seq) }).from(auditEvents).limit(1))!.n ?? 0;
const digest = (byte: number) => byte.toString(16).padStart(2, '0').repeat(32);
const input = (bom: unknown, extra: Record<string, unknown> = {}) => parseInput(ZImportCycloneDxBomInput, { bom, riskTier: 'limited', ...extra });

let ds: Actor;
let otherDs: Actor;
let auditor: Actor;
beforeAll(async () => {
  ds = await makeActor(['data_scientist'], 'ds');
  otherDs = await makeActor(['data_scientist'], 'other');
  auditor = await makeActor(['auditor'], 'aud');
});

/** Refused with a 400 (or the status given) and nothing written, the audit trail included. */
async function refused(run: () => unknown, status = 400) {
  const before = await auditCount();
  let caught: { status?: number; message?: string; issues?: { path: string; message: string }[] } | undefined;
  try {
    await run();
  } catch (error) {
    caught = error as typeof caught;
  }
  expect(caught?.status).toBe(status);
  expect(await auditCount()).toBe(before);
  return caught!;
}

describe('importing a vendor CycloneDX ML-BOM', () => {
  // CycloneDX/bom-examples MLBOM/Model-Card-With-Dataset/bom.json: a model with its card and two data components, no hash.
  const withDataset = fixture('bom-examples-model-card-with-dataset.json');

  it('registers the third-party system, the model with its card parameters, the version and the datasets as training inputs, in one transaction', async () => {
    const before = await lastSeq();
    const result = await importCycloneDxBom(ds, input(withDataset, { artifactSha256: digest(0x41) }));
    const db = getDb();
    const system = firstRow(await db.select().from(aiSystems).where(eq(aiSystems.id, result.systemId)).limit(1))!;
    expect(system).toMatchObject({ name: 'support-triage-service', thirdParty: true, vendorName: 'Example ML Team', riskTier: 'limited', ownerId: ds.userId,
      purpose: 'Fictional application that uses a text classification model to route support tickets.', intendedUse: 'Suggest an initial support queue for a newly received support ticket.' });
    expect(system.ethicalConsiderations).toBe('automation bias. Mitigation: Human review remains responsible for final ticket routing.');
    expect(firstRow(await db.select().from(models).where(eq(models.id, result.model.id)).limit(1))).toMatchObject({
      name: 'support-ticket-classifier', externalRef: 'cyclonedx:component-support-ticket-classifier', task: 'text-classification', pipelineTag: 'text-classification',
      approach: 'supervised', architectureFamily: 'transformer', modelArchitecture: 'encoder-only transformer', inputs: [{ format: 'text/plain' }], outputs: [{ format: 'application/json' }],
    });
    const version = firstRow(await db.select().from(modelVersions).where(eq(modelVersions.id, result.version.id)).limit(1))!;
    expect(version).toMatchObject({ version: '1.0.0', artifactSha256: digest(0x41), stage: 'development', externalRef: 'cyclonedx:component-support-ticket-classifier@1.0.0' });
    const dvs = await db.select({ v: datasetVersions, d: datasets }).from(datasetVersions).innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
      .where(inArray(datasetVersions.id, result.datasetVersionIds));
    expect(dvs.map(({ d, v }) => [d.namespace, d.name, v.version, v.uri]).sort()).toEqual([
      ['https://example.com', 'datasets/support-tickets/eval.jsonl', '2026.04', 'https://example.com/datasets/support-tickets/eval.jsonl'],
      ['https://example.com', 'datasets/support-tickets/train.jsonl', '2026.04', 'https://example.com/datasets/support-tickets/train.jsonl'],
    ]);
    const run = firstRow(await db.select().from(trainingRuns).where(eq(trainingRuns.externalRunId, 'cyclonedx:component-support-ticket-classifier@1.0.0')).limit(1))!;
    const edges = await db.select().from(lineageEdges).where(inArray(lineageEdges.toNode, [nodeKey('run', run.id), nodeKey('model_version', version.id)]));
    expect(edges.map((e) => [e.fromNode, e.toNode, e.relation]).sort()).toEqual([
      ...result.datasetVersionIds.map((id) => [nodeKey('dataset_version', id), nodeKey('run', run.id), 'input']),
      [nodeKey('run', run.id), nodeKey('model_version', version.id), 'output'],
    ].sort());
    const actions = (await db.select({ action: auditEvents.action }).from(auditEvents).where(gt(auditEvents.seq, before))).map((e) => e.action);
    expect(actions.sort()).toEqual(['dataset.created', 'dataset.created', 'dataset_version.created', 'dataset_version.created', 'model.created', 'model.imported', 'model_version.created', 'run.recorded', 'system.created'].sort());
  });

  it('is idempotent: the same BOM again finds the model by its reference and writes nothing', async () => {
    const first = await importCycloneDxBom(ds, input(withDataset, { artifactSha256: digest(0x41) }));
    const before = await auditCount();
    const again = await importCycloneDxBom(ds, input(withDataset, { artifactSha256: digest(0x41) }));
    expect(wasExisting(again)).toBe(true);
    expect(again.version.id).toBe(first.version.id);
    expect(await auditCount()).toBe(before);
    expect(firstRow(await getDb().select({ n: count() }).from(models).where(eq(models.externalRef, 'cyclonedx:component-support-ticket-classifier')).limit(1))!.n).toBe(1);
  });

  it('refuses the same version with another digest (409), and nobody but the owners may add to the model', async () => {
    await refused(async () => await importCycloneDxBom(ds, input(withDataset, { artifactSha256: digest(0x42) })), 409);
    const next = JSON.parse(withDataset);
    next.components[0].version = '1.1.0';
    await refused(async () => await importCycloneDxBom(otherDs, input(next, { artifactSha256: digest(0x43) })), 403);
    expect((await importCycloneDxBom(ds, input(next, { artifactSha256: digest(0x43) }))).version.version).toBe('1.1.0');
  });

  it('is all or nothing: a dataset version that contradicts the record rolls the whole import back', async () => {
    const bom = JSON.parse(withDataset);
    bom.components[0]['bom-ref'] = 'atomic-model';
    bom.components[0].modelCard.modelParameters.datasets = [{ ref: 'component-support-ticket-training-data' }];
    bom.components[1].data[0].contents.url = 'https://example.com/atomic/train.jsonl';
    const dataset = await createDataset(ds, { namespace: 'https://example.com', name: 'atomic/train.jsonl' });
    await createDatasetVersion(ds, dataset.id, { version: '2026.04', sha256: digest(0x71) });
    const systems = firstRow(await getDb().select({ n: count() }).from(aiSystems).limit(1))!.n;
    await refused(async () => await importCycloneDxBom(ds, input(bom, { artifactSha256: digest(0x72) })), 409);
    expect(firstRow(await getDb().select({ n: count() }).from(aiSystems).limit(1))!.n).toBe(systems);
    expect(firstRow(await getDb().select().from(models).where(eq(models.externalRef, 'cyclonedx:atomic-model')).limit(1))).toBeUndefined();
  });

  it('takes the SHA-256 the BOM gives, and refuses a caller digest that contradicts it', async () => {
    // The spec's own ML-BOM (valid-machine-learning-1.6.json) with a SHA-256 hash added to its model component.
    const bom = readCycloneDxFixture('valid-machine-learning-1.6.json');
    bom.components[0].hashes = [{ alg: 'SHA-256', content: digest(0x51).toUpperCase() }];
    await refused(async () => await importCycloneDxBom(ds, input(bom, { artifactSha256: digest(0x52) })));
    const result = await importCycloneDxBom(ds, input(bom));
    expect(result.version.artifactSha256).toBe(digest(0x51));
    expect(result.model).toMatchObject({ name: 'CompVis/stable-diffusion', externalRef: 'cyclonedx:component-a', approach: 'supervised', task: 'task goes here', pipelineTag: null });
    // The dataset is inline (no data component): it is registered from its own fields.
    const [dv] = await getDb().select({ d: datasets }).from(datasetVersions).innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId)).where(inArray(datasetVersions.id, result.datasetVersionIds));
    expect(dv!.d).toMatchObject({ namespace: 'https://example.com', name: 'path/to/dataset' });
  });
});

describe('refusing what cannot be registered faithfully', () => {
  it('refuses a BOM whose model has no SHA-256 (a version binds to bytes) and says what it carries instead', async () => {
    // CycloneDX/bom-examples MLBOM/Model/FoundationModels/bom.json: gpt-4o, no hash at all.
    expect((await refused(async () => await importCycloneDxBom(ds, input(fixture('bom-examples-foundation-gpt4o.json'))))).message).toMatch(/^No digest: .*carries no hash/);
    expect((await refused(async () => await importCycloneDxBom(ds, input(fixture('bom-examples-model-card-with-dataset.json'))))).issues).toEqual([{ path: 'artifactSha256', message: expect.stringMatching(/SHA-256/) }]);
  });

  it('refuses text that is not JSON with the parser\'s reason (a trailing comma in a real BOM)', async () => {
    // CycloneDX/bom-examples MLBOM/Model/OpenSource/bom.json as published: `"timestamp": "...",` closes its metadata.
    const error = await refused(async () => await importCycloneDxBom(ds, input(fixture('bom-examples-opensource-bert.json'), { artifactSha256: digest(0x61) })));
    expect(error.message).toMatch(/not JSON/);
    expect(error.issues![0]!.message).toMatch(/JSON/);
  });

  it('refuses a BOM the 1.6 schema refuses, naming the path and the rule', async () => {
    // CycloneDX/specification tools/src/test/resources/1.6/invalid-hash-sha256-1.6.json
    const error = await refused(async () => await importCycloneDxBom(ds, input(fixture('spec-invalid-hash-sha256-1.6.json'))));
    expect(error.issues).toContainEqual({ path: 'bom/components/0/hashes/2/content', message: expect.stringMatching(/pattern.*\(schema #\/definitions\/hash-content\/pattern\)/) });
    // The OWASP AIBOM Generator's expected output: a placeholder serial number and a lower-case "apache-2.0" license id.
    const aibom = await refused(async () => await importCycloneDxBom(ds, input(fixture('aibom-generator-expected-aibom.json'), { artifactSha256: digest(0x62) })));
    expect(aibom.issues!.map((i) => i.path)).toEqual(expect.arrayContaining(['bom/serialNumber', 'bom/components/0/licenses/0/license/id']));
  });

  it('keeps the schema\'s uniqueItems rule (checked in linear time): two identical components are refused', async () => {
    const bom = readCycloneDxFixture('valid-machine-learning-1.6.json');
    bom.components.push({ type: 'library', name: 'dup' }, { type: 'library', name: 'dup' });
    expect((await refused(async () => await importCycloneDxBom(ds, input(bom, { artifactSha256: digest(0x68) })))).issues).toContainEqual({ path: 'bom/components', message: 'must NOT have duplicate items (schema #/properties/components/uniqueItems)' });
  });

  it('refuses a BOM of two models whose subject depends on neither, naming them', async () => {
    const bom = JSON.parse(fixture('bom-examples-model-card-with-dataset.json'));
    bom.components.push({ type: 'machine-learning-model', 'bom-ref': 'second-model', name: 'second-model', version: '1' });
    bom.dependencies[0].dependsOn = [];
    expect((await refused(async () => await importCycloneDxBom(ds, input(bom, { artifactSha256: digest(0x69) })))).message).toMatch(/lists 2 models \(support-ticket-classifier, second-model\)/);
  });

  it('refuses a BOM with no machine-learning model (an ordinary SBOM)', async () => {
    // CycloneDX/specification tools/src/test/resources/1.6/valid-bom-1.6.json
    expect((await refused(async () => await importCycloneDxBom(ds, input(fixture('spec-valid-bom-1.6.json'), { artifactSha256: digest(0x63) })))).message).toMatch(/not an ML-BOM/);
  });

  it('refuses an oversized BOM before parsing it, and one with too many components', async () => {
    await refused(async () => await importCycloneDxBom(ds, input(' '.repeat(BOM_LIMITS.bytes + 1))), 413);
    const bom = readCycloneDxFixture('valid-machine-learning-1.6.json');
    bom.components.push(...Array.from({ length: BOM_LIMITS.components }, (_, i) => ({ type: 'library', name: `lib-${i}` })));
    expect((await refused(async () => await importCycloneDxBom(ds, input(bom, { artifactSha256: digest(0x64) })))).message).toMatch(/more than 1000 components/);
  });

  it('refuses ill-formed Unicode hidden in escapes, a dataset ref to nothing, and callers without the right', async () => {
    const text = fixture('bom-examples-model-card-with-dataset.json').replace('"Example ML Team"', '"Example \\ud800 Team"');
    await refused(async () => await importCycloneDxBom(ds, input(text, { artifactSha256: digest(0x65) })));
    const dangling = JSON.parse(fixture('bom-examples-model-card-with-dataset.json'));
    dangling.components[0].modelCard.modelParameters.datasets[0].ref = 'component-nowhere';
    expect((await refused(async () => await importCycloneDxBom(ds, input(dangling, { artifactSha256: digest(0x66) })))).issues![0]!.path).toBe('bom/modelCard/modelParameters/datasets/0/ref');
    await refused(async () => await importCycloneDxBom(auditor, input(fixture('bom-examples-model-card-with-dataset.json'), { artifactSha256: digest(0x67) })), 403);
    await refused(async () => await importCycloneDxBom({ ...ds, type: 'token', tokenId: 't', scopes: ['read'] }, input(fixture('bom-examples-model-card-with-dataset.json'), { artifactSha256: digest(0x67) })), 403);
  });
});

describe('POST /api/v1/models/import', () => {
  const post = (token: string, body: unknown) =>
    importRoute.POST(
      new NextRequest('http://localhost/api/v1/models/import', { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }),
      { params: Promise.resolve({}) },
    );

  it('answers 201 with the version, 200 for the same BOM again, 400 with the schema path, 403 for a read-only token', async () => {
    const register = (await createApiToken(ds, ds.userId, { name: 'ci', scopes: ['register'] })).secret;
    const bom = JSON.parse(fixture('bom-examples-model-card-with-dataset.json'));
    bom.components[0]['bom-ref'] = 'route-model';
    const first = await post(register, { bom: JSON.stringify(bom), riskTier: 'minimal', artifactSha256: digest(0x81) });
    expect(first.status).toBe(201);
    expect((await first.json()).version).toMatchObject({ version: '1.0.0', artifactSha256: digest(0x81), externalRef: 'cyclonedx:route-model@1.0.0' });
    expect((await post(register, { bom, riskTier: 'minimal', artifactSha256: digest(0x81) })).status).toBe(200);
    const invalid = await post(register, { bom: fixture('spec-invalid-hash-sha256-1.6.json'), riskTier: 'minimal' });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.issues[0]).toMatchObject({ path: 'bom/components/0/hashes/2/content' });
    const readOnly = (await createApiToken(ds, ds.userId, { name: 'read', scopes: ['read'] })).secret;
    expect((await post(readOnly, { bom, riskTier: 'minimal', artifactSha256: digest(0x82) })).status).toBe(403);
  });
});
