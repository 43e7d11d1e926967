import { count, eq, inArray } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as importRoute from '@/app/api/v1/evaluations/import/route';
import { getDb, first as firstRow } from '@/db';
import { auditEvents, evaluationMetrics, evaluations } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import type { Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { Forbidden, Invalid, TooLarge } from '@/lib/errors';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { systemActor } from '@/lib/auth/actor';
import { gateForVersion } from '@/lib/promotion/gate-context';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { importModelIndex } from './import-model-index';
import { MODEL_INDEX_LIMITS } from './model-index';
import { FINNISH_PLACEHOLDER, HUB_SAMPLE, VERIFIED_CARD, WELSH_PERCENT, welshWith } from './model-index-fixtures';


let ds: Actor;
let other: Actor;
let versionId: string;
let token: string;
const DIGEST = 'c'.repeat(64);
const rows = async (table: typeof auditEvents | typeof evaluations | typeof evaluationMetrics) => firstRow(await getDb().select({ n: count() }).from(table).limit(1))!.n;
const counts = async () => ({ audit: await rows(auditEvents), evaluations: await rows(evaluations), metrics: await rows(evaluationMetrics) });
const input = (content: string, extra: Record<string, unknown> = {}) => ({ modelVersionId: versionId, environment: 'staging' as const, artifactSha256: DIGEST, content, ...extra });
const post = (body: unknown) =>
  importRoute.POST(
    new NextRequest('http://localhost/api/v1/evaluations/import', { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }),
    { params: Promise.resolve({}) },
  );

beforeAll(async () => {
  [ds, other] = await Promise.all([makeActor(['data_scientist']), makeActor(['data_scientist'])]);
  const model = await createModel(ds, { systemId: (await makeSystem(ds)).id, name: 'speech' });
  versionId = (await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: DIGEST, format: 'safetensors' })).id;
  token = (await createApiToken(ds, ds.userId, { name: 'ci', scopes: ['register'] })).secret;
});

describe('importing a Hugging Face model-index', () => {
  it('stores every result of a real card, keeping the metric type beside the display name', async () => {
    const { items } = await importModelIndex(ds, input(HUB_SAMPLE));
    expect(items.map((e) => e.summary)).toEqual(['my-cool-model: image-classification on Beans', 'my-cool-model: image-classification on Beans (test)']);
    expect(items.flatMap((e) => e.metrics.map((m) => [m.metricType, m.name, m.value, m.unit, m.verified]))).toEqual([
      ['accuracy', 'accuracy', 0.9, null, null],
      ['f1', 'f1', 0.66, null, null],
    ]);
    expect(items.every((e) => e.kind === 'performance' && e.countsForVersion)).toBe(true);
  });

  it('keeps the hub verified flag', async () => {
    const { items } = await importModelIndex(ds, input(VERIFIED_CARD));
    expect(items[0]!.metrics.map((m) => [m.metricType, m.name, m.value, m.verified])).toEqual([
      ['exact_match', 'Exact Match', 23.6563, true],
      ['f1', 'F1', 29.3808, true],
    ]);
  });

  it('reads "25.59%" as 25.59 in %, never divided or stripped of its unit', async () => {
    const { items } = await importModelIndex(ds, input(WELSH_PERCENT));
    expect(items[0]!.metrics).toMatchObject([{ metricType: 'wer', name: 'Test WER', value: 25.59, unit: '%' }]);
    const stored = firstRow(await getDb().select().from(evaluationMetrics).where(eq(evaluationMetrics.evaluationId, items[0]!.id)).limit(1));
    expect(stored).toMatchObject({ value: 25.59, unit: '%', metricType: 'wer' });
  });

  it('writes one evaluation.imported event per import and keeps the chain intact', async () => {
    const before = await rows(auditEvents);
    await importModelIndex(ds, input(HUB_SAMPLE, { environment: 'production' }));
    const events = (await getDb().select().from(auditEvents).orderBy(auditEvents.seq)).slice(before);
    expect(events.map((e) => [e.action, e.entityId])).toEqual([['evaluation.imported', versionId]]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('answers the first import when the same card comes again, writing nothing', async () => {
    const first = await post(input(VERIFIED_CARD, { environment: 'production' }));
    expect(first.status).toBe(201);
    const before = await counts();
    const again = await post(input(VERIFIED_CARD, { environment: 'production' }));
    expect(again.status).toBe(200);
    expect((await again.json()).items.map((e: { id: string }) => e.id)).toEqual((await first.json()).items.map((e: { id: string }) => e.id));
    expect(await counts()).toEqual(before);
    const changed = await post(input(VERIFIED_CARD.replace('value: 29.3808', 'value: 29.4'), { environment: 'production' }));
    expect(changed.status).toBe(201);
    expect((await post(input(VERIFIED_CARD, { environment: 'production' }))).status).toBe(200);
  });

  it('stores a card that says nothing of verification or thresholds as unknown, not false: no failed gate, and the same card again writes nothing', async () => {
    await ensureDefaultPolicies(systemActor('test'));
    const model = await createModel(ds, { systemId: (await makeSystem(ds)).id, name: 'unknown-flags' });
    const version = await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: 'e'.repeat(64), format: 'safetensors' });
    const card = { modelVersionId: version.id, environment: 'staging', artifactSha256: version.artifactSha256, content: HUB_SAMPLE };
    const first = await post(card);
    expect(first.status).toBe(201);
    const ids = (await first.json()).items.map((e: { id: string }) => e.id) as string[];
    const stored = await getDb().select({ verified: evaluationMetrics.verified, passed: evaluationMetrics.passed }).from(evaluationMetrics).where(inArray(evaluationMetrics.evaluationId, ids));
    expect(stored).toEqual([{ verified: null, passed: null }, { verified: null, passed: null }]);
    const performance = (await gateForVersion(getDb(), version.id, 'staging')).gate.requirements.find((r) => r.id === 'evidence:performance')!;
    expect(performance).toMatchObject({ met: true });
    const before = await counts();
    expect((await post(card)).status).toBe(200);
    expect(await counts()).toEqual(before);
  });
});

describe('refusing what cannot be read faithfully', () => {
  it.each([
    ['[]', 'is a list'],
    ['null', 'is missing'],
    ['""', 'is empty'],
    ['true', 'is true'],
    ['NA', '"NA" is not a number'],
    ['n/a', '"n/a" is not a number'],
    ['.nan', 'not a finite number'],
    ['.inf', 'not a finite number'],
    ['"1e400"', 'not a number'],
    ['"1,234"', 'not a number'],
    ['"0x1A"', 'not a number'],
    ['"25.59 %%"', 'not a number'],
    ['{score: 3}', 'is a mapping'],
  ])('refuses a WER of %s and stores nothing', async (value, message) => {
    const before = await counts();
    const error = await (async () => {
      try {
        await importModelIndex(ds, input(welshWith(value)));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).issues).toEqual([{ path: 'model-index.0.results.0.metrics.0.value', message: expect.stringContaining(message) }]);
    expect(await counts()).toEqual(before);
  });

  it('lists every unreadable metric of a card with paths, and stores none of its readable ones', async () => {
    const card = `model-index:
- name: asr
  results:
  - task: {type: automatic-speech-recognition}
    metrics:
    - {type: wer, value: 4.2}
    - {type: cer, value: NA}
  - task: {type: automatic-speech-recognition}
    metrics:
    - {type: wer, value: 3.1, verified: "yes"}
    - {value: 0.5}
`;
    const before = await counts();
    const response = await post(input(card));
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues.map((i: { path: string }) => i.path)).toEqual([
      'model-index.0.results.0.metrics.1.value',
      'model-index.0.results.1.metrics.0.verified',
      'model-index.0.results.1.metrics.1.type',
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses the unfilled template placeholder of a real card', async () => {
    await expect(async () => await importModelIndex(ds, input(FINNISH_PLACEHOLDER))).rejects.toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: 'model-index.0.results.0.metrics.0.value', message: expect.stringContaining('placeholder') })] }));
  });

  it('refuses content without a model-index, content that is not YAML, and other owners', async () => {
    await expect(async () => await importModelIndex(ds, input('title: no index here'))).rejects.toThrow(Invalid);
    await expect(async () => await importModelIndex(ds, input('model-index: [{name: empty, results: []}]'))).rejects.toThrow(/no results/);
    await expect(async () => await importModelIndex(ds, input('a: ['))).rejects.toThrow(/neither YAML nor JSON/);
    await expect(async () => await importModelIndex(other, input(HUB_SAMPLE))).rejects.toThrow(Forbidden);
  });
});

describe('ill-formed text made by the content’s own escapes', () => {
  // The request body is well-formed JSON; the card inside it spells a lone surrogate or a NUL as an escape of its own.
  const jsonCard = (name: string, type = 'automatic-speech-recognition') => JSON.stringify({ 'model-index': [{ name, results: [{ task: { type }, metrics: [{ type: 'wer', value: 12.5 }] }] }] });
  it.each([
    ['a JSON \\ud800 in the name', jsonCard('a\ud800b'), 'content.model-index.0.name'],
    ['a JSON \\u0000 in the task type', jsonCard('whisper', 'asr\u0000'), 'content.model-index.0.results.0.task.type'],
    ['a YAML "\\udc00" in the name', 'model-index:\n- name: "x\\udc00"\n  results:\n  - task: {type: asr}\n    metrics: [{type: wer, value: 3}]\n', 'content.model-index.0.name'],
    ['a YAML "\\0" in a metric type', 'model-index:\n- name: w\n  results:\n  - task: {type: asr}\n    metrics: [{type: "w\\0er", value: 3}]\n', 'content.model-index.0.results.0.metrics.0.type'],
  ])('refuses %s with a 400 naming where, and stores nothing', async (_, content, path) => {
    const before = await counts();
    const res = await post(input(content));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { issues: { path: string }[] } }).error.issues).toEqual([expect.objectContaining({ path })]);
    expect(await counts()).toEqual(before);
  });
});

describe('bounds', () => {
  /** `results` results sharing `metrics` metrics as evenly as they go. */
  const card = (results: number, metrics: number) =>
    JSON.stringify({ 'model-index': [{ name: 'm', results: Array.from({ length: results }, (_, r) => ({ task: { type: 't' }, dataset: { name: `d${r}` }, metrics: Array.from({ length: Math.floor(metrics / results) + (r < metrics % results ? 1 : 0) }, (_, i) => ({ type: `m${i}`, value: i / 10 })) })) }] });

  it('takes the largest allowed import whole, in one event', async () => {
    const before = await counts();
    const { total } = await importModelIndex(ds, input(card(MODEL_INDEX_LIMITS.results, MODEL_INDEX_LIMITS.metrics)));
    expect(total).toBe(MODEL_INDEX_LIMITS.results);
    expect(await counts()).toEqual({ audit: before.audit + 1, evaluations: before.evaluations + MODEL_INDEX_LIMITS.results, metrics: before.metrics + MODEL_INDEX_LIMITS.metrics });
  });

  it('refuses more results or metrics than allowed, or a model-index over the size limit, storing nothing', async () => {
    const before = await counts();
    await expect(async () => await importModelIndex(ds, input(card(MODEL_INDEX_LIMITS.results + 1, MODEL_INDEX_LIMITS.results + 1)))).rejects.toThrow(/101 results; an import takes at most 100/);
    await expect(async () => await importModelIndex(ds, input(card(2, MODEL_INDEX_LIMITS.metrics + 1)))).rejects.toThrow(/501 metrics; an import takes at most 500/);
    await expect(async () => await importModelIndex(ds, input(card(4000, 1)))).rejects.toThrow(TooLarge);
    const response = await post(input(`${HUB_SAMPLE.slice(0, 4)}padding: "${'x'.repeat(MODEL_INDEX_LIMITS.sourceBytes)}"\n${HUB_SAMPLE.slice(4)}`));
    expect(response.status).toBe(413);
    expect(await counts()).toEqual(before);
  });
});
