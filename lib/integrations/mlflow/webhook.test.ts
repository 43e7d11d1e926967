import fs from 'node:fs';
import path from 'node:path';
import { asc, count, desc, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { first, getDb, only, unguardedWriter } from '@/db';
import { aiSystems, auditEvents, lineageEdges, mlflowDeliveries, mlflowModelVersions, models, modelVersions, trainingRuns } from '@/db/schema';
import { POST } from '@/app/api/v1/integrations/mlflow/webhook/route';
import type { Actor } from '@/lib/auth/actor';
import { createModel } from '@/lib/inventory/create-model';
import { retireSystem } from '@/lib/inventory/retire-system';
import { makeActor, makeSystem } from '@/lib/testing';
import { generateMlflowWebhookSecret } from './generate-webhook-secret';
import { mapMlflowModel } from './map-registered-model';
import { mlflowSignature } from './signature';
import { listMlflowTagSystems, setMlflowTagSystems } from './tag-systems';
import { mlflowBody, mlflowRequest } from './webhook-testing';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name));
const DIGEST = 'a'.repeat(64);
const deliveries = async () => first(await getDb().select({ n: count() }).from(mlflowDeliveries).limit(1))!.n;
const audits = async () => first(await getDb().select({ n: count() }).from(auditEvents).limit(1))!.n;

let admin: Actor;
let scientist: Actor;
let secret: string;
async function post(event: string, data: Record<string, unknown>, id?: string) {
  const response = await POST(mlflowRequest(mlflowBody(event, data), { secret, id }));
  return { status: response.status, body: await response.json() };
}

describe('the HMAC of an MLflow delivery', () => {
  it('matches a vector computed independently of the receiver, over the raw bytes Python json.dumps wrote', () => {
    // printf '%s' "0d4e5b9a-6f1c-4c38-9b7e-2f1a3c5d7e90.1756728000.$(cat fixtures/model_version.created.json)" \
    //   | openssl dgst -sha256 -hmac 'your-secret-key' -binary | base64
    const signature = mlflowSignature('your-secret-key', '0d4e5b9a-6f1c-4c38-9b7e-2f1a3c5d7e90', '1756728000', fixture('model_version.created.json'));
    expect(signature).toBe('v1,ft8MQphqBhRRqZXp7KY7y4QGaSHE9/MgmN6JUo66Zzc=');
  });
});

describe('POST /api/v1/integrations/mlflow/webhook', () => {
  beforeAll(async () => {
    admin = await makeActor(['admin']);
    scientist = await makeActor(['data_scientist']);
  });
  afterEach(() => {
    delete process.env.MLFLOW_WEBHOOK_SECRET;
  });

  it('answers 503 and stores nothing while no secret is configured (401 without MLflow\'s headers, as every API route)', async () => {
    const response = await POST(mlflowRequest(fixture('model_version.created.json'), { secret: 'anything' }));
    expect(response.status).toBe(503);
    const bare = await POST(mlflowRequest('{}', { secret: 'anything', headers: { 'x-mlflow-signature': null, 'x-mlflow-delivery-id': null, 'x-mlflow-timestamp': null } }));
    expect(bare.status).toBe(401);
    expect(await deliveries()).toBe(0);
  });

  it('lets only an admin set the secret, shows it once, and keeps it out of the audit trail', async () => {
    await expect(async () => await generateMlflowWebhookSecret(scientist)).rejects.toThrow(/do not allow/);
    ({ secret } = await generateMlflowWebhookSecret(admin));
    expect(secret.length).toBeGreaterThanOrEqual(40);
    const event = first(await getDb().select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1))!;
    expect(event.action).toBe('integration.updated');
    expect(JSON.stringify(event)).not.toContain(secret);
  });

  it('prefers MLFLOW_WEBHOOK_SECRET and refuses to change the secret while it is set', async () => {
    process.env.MLFLOW_WEBHOOK_SECRET = 'from-the-environment';
    await expect(async () => await generateMlflowWebhookSecret(admin)).rejects.toThrow(/MLFLOW_WEBHOOK_SECRET/);
    const refused = await POST(mlflowRequest(mlflowBody('prompt.created', { name: 'p' }), { secret }));
    expect(refused.status).toBe(401);
    const accepted = await POST(mlflowRequest(mlflowBody('prompt.created', { name: 'p' }), { secret: 'from-the-environment' }));
    expect(accepted.status).toBe(200);
  });

  it('accepts the exact bytes of a delivery and records its outcome; the fixture version waits for its digest', async () => {
    const response = await POST(mlflowRequest(fixture('model_version.created.json'), { secret, id: 'delivery-fixture' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ deliveryId: 'delivery-fixture', event: 'model_version.created', outcome: 'awaiting_digest' });
    const mirror = first(await getDb().select().from(mlflowModelVersions).where(eq(mlflowModelVersions.name, 'example_model')).limit(1))!;
    expect(mirror).toMatchObject({ version: '1', runId: 'abcd1234abcd5678', source: 'models:/123', tags: { example_key: 'example_value' }, modelVersionId: null });
  });

  it('answers MLflow\'s test_webhook() example payload as a test and changes nothing', async () => {
    const before = first(await getDb().select({ n: count() }).from(mlflowModelVersions).limit(1))!.n;
    const response = await POST(mlflowRequest(fixture('test-model_version.created.json'), { secret }));
    expect((await response.json()).outcome).toBe('test');
    expect(first(await getDb().select({ n: count() }).from(mlflowModelVersions).limit(1))!.n).toBe(before);
  });

  it.each([
    ['a wrong signature', { signature: 'v1,' + Buffer.alloc(32).toString('base64') }],
    ['a signature made with another secret', { signature: mlflowSignature('not-the-secret', 'x', '1', Buffer.from('{}')) }],
    ['no signature header', { headers: { 'x-mlflow-signature': null } }],
    ['no delivery id', { headers: { 'x-mlflow-delivery-id': null } }],
    ['no timestamp', { headers: { 'x-mlflow-timestamp': null } }],
    ['a timestamp 5 minutes and 1 second old', { skewMs: -301_000 }],
    ['a timestamp 5 minutes and 1 second ahead', { skewMs: 301_000 }],
  ])('refuses %s with 401 and stores nothing', async (_, { skewMs = 0, ...options }: { skewMs?: number; signature?: string; headers?: Record<string, null> }) => {
    const before = { deliveries: await deliveries(), audits: await audits() };
    const at = new Date(Date.now() + skewMs);
    const response = await POST(mlflowRequest(mlflowBody('model_version.created', { name: 'm', version: '1', source: 's', tags: {} }), { secret, at, ...options }));
    expect(response.status).toBe(401);
    expect({ deliveries: await deliveries(), audits: await audits() }).toEqual(before);
  });

  it('accepts a header listing several signatures when one matches (a secret being rotated)', async () => {
    const body = mlflowBody('model_version_tag.set', { name: 'rotating', version: '1', key: 'k', value: 'v' });
    const [id, timestamp] = [crypto.randomUUID(), String(Math.floor(Date.now() / 1000))];
    const both = `${mlflowSignature('the-old-secret', id, timestamp, Buffer.from(body))} ${mlflowSignature(secret, id, timestamp, Buffer.from(body))}`;
    expect((await POST(mlflowRequest(body, { secret, id, signature: both, headers: { 'x-mlflow-timestamp': timestamp } }))).status).toBe(200);
  });

  it('signs the bytes, not the JSON: the same document re-spaced fails', async () => {
    const bytes = fixture('model_version.created.json');
    const id = crypto.randomUUID();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = mlflowSignature(secret, id, timestamp, bytes);
    const respaced = JSON.stringify(JSON.parse(bytes.toString('utf8')));
    const response = await POST(mlflowRequest(respaced, { secret, id, signature, headers: { 'x-mlflow-timestamp': timestamp } }));
    expect(response.status).toBe(401);
  });

  it('refuses a body over 256 KiB with 413 and a malformed one with 400, storing nothing', async () => {
    const before = await deliveries();
    const huge = mlflowBody('model_version.created', { name: 'm', version: '1', source: 'x'.repeat(300 * 1024), tags: {} });
    expect((await POST(mlflowRequest(huge, { secret }))).status).toBe(413);
    expect((await POST(mlflowRequest('{"entity": "model_version", "action": ', { secret }))).status).toBe(400);
    expect((await POST(mlflowRequest(mlflowBody('model_version.created', { name: 'm', version: 'one', source: 's' }), { secret }))).status).toBe(400);
    expect(await deliveries()).toBe(before);
  });

  it('refuses a replayed delivery id with 409, writing nothing, audit included', async () => {
    const body = mlflowBody('model_version_tag.set', { name: 'replayed', version: '1', key: 'k', value: 'v' });
    expect((await POST(mlflowRequest(body, { secret, id: 'replay-1' }))).status).toBe(200);
    const before = await audits();
    expect((await POST(mlflowRequest(body, { secret, id: 'replay-1' }))).status).toBe(409);
    expect(await audits()).toBe(before);
  });

  it('applies the same delivery once when two copies race', async () => {
    const body = mlflowBody('model_version_tag.set', { name: 'raced', version: '1', key: 'k', value: 'v' });
    const responses = await Promise.all([POST(mlflowRequest(body, { secret, id: 'race-1' })), POST(mlflowRequest(body, { secret, id: 'race-1' }))]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(first(await getDb().select({ n: count() }).from(mlflowDeliveries).where(eq(mlflowDeliveries.deliveryId, 'race-1')).limit(1))!.n).toBe(1);
  });

  it('ignores prompt events and events it does not know, recording them', async () => {
    expect((await post('prompt_version.created', { name: 'support', version: '1' })).body.outcome).toBe('ignored');
    expect((await post('budget_policy.exceeded', {})).body.outcome).toBe('ignored');
    expect((await post('model_version.deleted', { name: 'x' })).body).toMatchObject({ outcome: 'ignored', detail: expect.stringMatching(/not an event/) });
  });

  it('never lets the provenant.system tag alone place a model: another team\'s system, even a prohibited one, stays unmapped', async () => {
    const otherTeam = await makeActor(['data_scientist']);
    const prohibited = await makeSystem(otherTeam, { name: 'Social scoring', riskTier: 'prohibited' });
    const highRisk = await makeSystem(otherTeam, { name: 'Loan decisions' });
    for (const [name, system] of [['planted', prohibited], ['planted-2', highRisk]] as const) {
      const created = await post('registered_model.created', { name, tags: { 'provenant.system': system.id } });
      expect(created.body).toMatchObject({ outcome: 'unmapped', detail: expect.stringMatching(/not allowed/) });
      const version = await post('model_version.created', { name, version: '1', source: 's', tags: { 'provenant.sha256': 'f'.repeat(64) } });
      expect(version.body.outcome).toBe('unmapped');
      expect(await getDb().select().from(models).where(eq(models.systemId, system.id))).toEqual([]);
    }
  });

  it('lets only an admin allow systems for the tag, audited, and never a prohibited or retired one', async () => {
    const prohibited = await makeSystem(scientist, { name: 'Emotion at work', riskTier: 'prohibited' });
    const retired = await makeSystem(scientist, { name: 'Old scoring' });
    await retireSystem(scientist, retired.id, { reason: 'Replaced by the new scoring service.' });
    const live = await makeSystem(scientist, { name: 'Allowed then prohibited' });
    await expect(async () => await setMlflowTagSystems(scientist, { systemIds: [live.id], allowed: true })).rejects.toThrow(/do not allow/);
    await expect(async () => await setMlflowTagSystems(admin, { systemIds: [prohibited.id], allowed: true })).rejects.toThrow(/prohibited/);
    await expect(async () => await setMlflowTagSystems(admin, { systemIds: [retired.id], allowed: true })).rejects.toThrow(/retired/);
    await expect(async () => await setMlflowTagSystems(admin, { systemIds: ['no-such-system'], allowed: true })).rejects.toThrow(/not found/);
    await setMlflowTagSystems(admin, { systemIds: [live.id], allowed: true });
    const event = first(await getDb().select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1))!;
    expect(event).toMatchObject({ action: 'integration.updated', entityId: 'mlflow.tag_systems' });
    expect((await listMlflowTagSystems(admin)).map((s) => s.id)).toEqual([live.id]);
    // Re-tiered after it was allowed: the tag is refused at delivery time too.
    await unguardedWriter().update(aiSystems).set({ riskTier: 'prohibited' }).where(eq(aiSystems.id, live.id));
    const late = await post('registered_model.created', { name: 'late-prohibited', tags: { 'provenant.system': live.id } });
    expect(late.body).toMatchObject({ outcome: 'unmapped', detail: expect.stringMatching(/prohibited/) });
    await setMlflowTagSystems(admin, { systemIds: [live.id], allowed: false });
    expect(await listMlflowTagSystems(admin)).toEqual([]);
  });

  it('maps a registered model through its provenant.system tag once an admin allowed the system, then registers a version once its digest tag arrives', async () => {
    const system = await makeSystem(scientist, { name: 'Fraud screening' });
    await setMlflowTagSystems(admin, { systemIds: [system.id], allowed: true });
    const created = await post('registered_model.created', { name: 'fraud-detector', tags: { 'provenant.system': system.id }, description: null });
    expect(created.body.outcome).toBe('mapped');
    const model = first(await getDb().select().from(models).where(eq(models.externalRef, 'mlflow:fraud-detector')).limit(1))!;
    expect(model).toMatchObject({ systemId: system.id, name: 'fraud-detector', createdById: system.ownerId });

    const version = { name: 'fraud-detector', version: '3', source: 'models:/m-77', run_id: 'run-fraud-3', tags: {}, description: null };
    expect((await post('model_version.created', version)).body.outcome).toBe('awaiting_digest');
    expect(await getDb().select().from(modelVersions).where(eq(modelVersions.modelId, model.id))).toEqual([]);

    const tagged = await post('model_version_tag.set', { name: 'fraud-detector', version: '3', key: 'provenant.sha256', value: DIGEST.toUpperCase() }, 'delivery-digest');
    expect(tagged.body.outcome).toBe('registered');
    const registered = first(await getDb().select().from(modelVersions).where(eq(modelVersions.modelId, model.id)).limit(1))!;
    expect(registered).toMatchObject({ version: '3', artifactSha256: DIGEST, externalRef: 'mlflow:fraud-detector/3', stage: 'development', uri: 'models:/m-77' });
    const run = first(await getDb().select().from(trainingRuns).where(eq(trainingRuns.externalRunId, 'run-fraud-3')).limit(1))!;
    expect(await getDb().select().from(lineageEdges).where(eq(lineageEdges.toNode, `model_version:${registered.id}`))).toMatchObject([{ fromNode: `run:${run.id}`, relation: 'output' }]);
    const trail = (await getDb().select().from(auditEvents).where(eq(auditEvents.actorLabel, 'mlflow delivery delivery-digest')).orderBy(asc(auditEvents.seq))).map((e) => e.action);
    expect(trail).toEqual(['model_version.created', 'run.recorded', 'mlflow.delivery_received']);
  });

  it('reuses the OpenLineage run that has the MLflow run id', async () => {
    const lineageRun = only(await unguardedWriter().insert(trainingRuns).values({ externalRunId: 'ol-run-1', jobNamespace: 'spark', jobName: 'train' }).returning());
    await post('model_version.created', { name: 'fraud-detector', version: '4', source: 's', run_id: 'ol-run-1', tags: { 'provenant.sha256': 'b'.repeat(64) } });
    expect(first(await getDb().select({ n: count() }).from(trainingRuns).where(eq(trainingRuns.externalRunId, 'ol-run-1')).limit(1))!.n).toBe(1);
    expect(await getDb().select().from(lineageEdges).where(eq(lineageEdges.fromNode, `run:${lineageRun.id}`))).toHaveLength(1);
  });

  it('refuses a digest tag that contradicts a registered version, keeping the digest', async () => {
    const changed = await post('model_version_tag.set', { name: 'fraud-detector', version: '3', key: 'provenant.sha256', value: 'c'.repeat(64) });
    expect(changed.body).toMatchObject({ outcome: 'refused', detail: expect.stringMatching(/never change/) });
    expect(first(await getDb().select().from(modelVersions).where(eq(modelVersions.externalRef, 'mlflow:fraud-detector/3')).limit(1))!.artifactSha256).toBe(DIGEST);
  });

  it('keeps tags and moves aliases as MLflow does', async () => {
    await post('model_version_alias.created', { name: 'fraud-detector', alias: 'champion', version: '3' });
    await post('model_version_alias.created', { name: 'fraud-detector', alias: 'champion', version: '4' });
    await post('model_version_tag.set', { name: 'fraud-detector', version: '4', key: 'team', value: 'risk' });
    await post('model_version_tag.deleted', { name: 'fraud-detector', version: '4', key: 'team' });
    const mirror = async (v: string) => (await getDb().select().from(mlflowModelVersions).where(eq(mlflowModelVersions.version, v))).find((r) => r.name === 'fraud-detector')!;
    expect((await mirror('3')).aliases).toEqual([]);
    expect(await mirror('4')).toMatchObject({ aliases: ['champion'], tags: { 'provenant.sha256': 'b'.repeat(64) } });
    expect((await post('model_version_alias.deleted', { name: 'fraud-detector', alias: 'champion' })).body.outcome).toBe('updated');
    expect((await mirror('4')).aliases).toEqual([]);
  });

  it('leaves a version of an unknown registered model unmapped, and one of a retired system refused', async () => {
    const unmapped = await post('model_version.created', { name: 'churn-model', version: '1', source: 's', tags: { 'provenant.sha256': DIGEST } });
    expect(unmapped.body).toMatchObject({ outcome: 'unmapped', detail: expect.stringMatching(/provenant\.system/) });
    const unknown = await post('registered_model.created', { name: 'other', tags: { 'provenant.system': 'no-such-system' } });
    expect(unknown.body).toMatchObject({ outcome: 'unmapped', detail: expect.stringMatching(/names no AI system/) });
    const model = first(await getDb().select().from(models).where(eq(models.externalRef, 'mlflow:fraud-detector')).limit(1))!;
    await retireSystem(scientist, model.systemId, { reason: 'Replaced by the new screening service.' });
    const late = await post('model_version.created', { name: 'fraud-detector', version: '9', source: 's', tags: { 'provenant.sha256': 'd'.repeat(64) } });
    expect(late.body).toMatchObject({ outcome: 'refused', detail: expect.stringMatching(/retired/) });
    expect(first(await getDb().select().from(modelVersions).where(eq(modelVersions.externalRef, 'mlflow:fraud-detector/9')).limit(1))).toBeUndefined();
  });

  it('lets an admin map an unmapped registered model, registering its waiting versions in the same step', async () => {
    const system = await makeSystem(scientist, { name: 'Retention' });
    const model = await createModel(scientist, { systemId: system.id, name: 'Churn predictor' });
    await expect(async () => await mapMlflowModel(scientist, { name: 'churn-model', modelId: model.id })).rejects.toThrow(/do not allow/);
    expect((await mapMlflowModel(admin, { name: 'churn-model', modelId: model.id })).registered).toBe(1);
    expect(first(await getDb().select().from(modelVersions).where(eq(modelVersions.modelId, model.id)).limit(1))).toMatchObject({ version: '1', artifactSha256: DIGEST, registeredById: scientist.userId });
    const other = await createModel(scientist, { systemId: system.id, name: 'Churn predictor 2' });
    await expect(async () => await mapMlflowModel(admin, { name: 'churn-model', modelId: other.id })).rejects.toThrow(/already mapped/);
    await expect(async () => await mapMlflowModel(admin, { name: 'another', modelId: model.id })).rejects.toThrow(/already mapped/);
    expect((await post('model_version.created', { name: 'churn-model', version: '2', source: 's', tags: { 'provenant.sha256': 'e'.repeat(64) } })).body.outcome).toBe('registered');
  });
});
