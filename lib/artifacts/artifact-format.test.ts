import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as versionsRoute from '@/app/api/v1/model-versions/route';
import * as versionRoute from '@/app/api/v1/model-versions/[id]/route';
import { first, getDb, unguardedWriter } from '@/db';
import { auditEvents, blobs, modelVersions } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { Invalid } from '@/lib/errors';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { ZCreateModelVersionInput } from '@/lib/inventory/schemas';
import { updateModelVersion } from '@/lib/inventory/update-model-version';
import { safetensorsBytes, uploadBytes } from '@/lib/promotion/test-artifacts';
import { makeActor, makeSystem } from '@/lib/testing';
import { PUBLIC_FIXTURES } from './scan/fixtures/public-scanner-fixtures';
import { GGUF_MODEL, ONNX_MODEL, TENSOR_PICKLE, npyFile } from './scan/testing';
import { rescanArtifact } from './rescan-artifact';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const fixture = (name: string) => Buffer.from(PUBLIC_FIXTURES[`mmaitre314/picklescan/tests/data/${name}`]!, 'base64');
/** A benign pickle of its own, so no other test shares its blob. */
const ownPickle = (label: string) => Buffer.concat([Buffer.from([0x80, 0x04, 0x95]), Buffer.alloc(8), Buffer.from([0x8c, label.length]), Buffer.from(label), Buffer.from([0x94, 0x2e])]);
const formatOf = async (id: string) => first(await getDb().select({ format: modelVersions.format }).from(modelVersions).where(eq(modelVersions.id, id)).limit(1))!.format;
const events = async (action: string, entityId: string) =>
  (await getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, entityId))))
    .map((e) => ({ seq: e.seq, before: JSON.parse(e.before ?? 'null'), after: JSON.parse(e.after ?? 'null') }));

let ds: Actor;
let token: string;
let counter = 0;
const newModel = async () => await createModel(ds, { systemId: (await makeSystem(ds)).id, name: `format-${++counter}` });

beforeAll(async () => {
  ds = await makeActor(['data_scientist']);
  token = (await createApiToken(ds, ds.userId, { name: 'ci', scopes: ['register', 'read'] })).secret;
});

const api = (method: 'POST' | 'PATCH', url: string, body: unknown) =>
  new NextRequest(`http://localhost${url}`, { method, body: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });

describe('a version takes its format from the bytes', () => {
  it.each([
    ['a pickle (picklescan benign0_v4.pkl)', fixture('benign0_v4.pkl'), 'pickle'],
    ['a protocol 0 pickle (picklescan benign0_v0.pkl)', fixture('benign0_v0.pkl'), 'pickle'],
    ['a PyTorch ZIP (picklescan new_pytorch_model.bin)', fixture('new_pytorch_model.bin'), 'pytorch'],
    ['ONNX', ONNX_MODEL, 'onnx'],
    ['GGUF', GGUF_MODEL, 'gguf'],
    ['safetensors', safetensorsBytes('format-test'), 'safetensors'],
    ['a NumPy array, which no format of the list names', npyFile('<f4', [1], Buffer.alloc(4)), 'other'],
    ['bytes of no known format', Buffer.from('plain text, not a model'), 'other'],
  ])('%s registered through the form (which asks no format) is recorded as %s', async (_label, bytes, expected) => {
    const uploaded = await uploadBytes(ds, bytes);
    expect(uploaded.format).toBe(expected);
    const input = ZCreateModelVersionInput.parse({ modelId: (await newModel()).id, version: '1.0.0', artifactSha256: uploaded.sha256, artifactSize: null, license: '', uri: '' });
    expect((await createModelVersion(ds, input)).format).toBe(expected);
  });

  it("refuses a pickle claimed as the old form's default safetensors, and records nothing", async () => {
    const bytes = ownPickle('claimed-as-safetensors');
    await uploadBytes(ds, bytes, 'model.safetensors');
    const model = await newModel();
    const claim = async () => await createModelVersion(ds, ZCreateModelVersionInput.parse({ modelId: model.id, version: '1.0.0', artifactSha256: sha(bytes), format: 'safetensors' }));
    await expect(claim).rejects.toThrow(Invalid);
    await expect(claim).rejects.toThrow('The stored bytes are pickle, not safetensors');
    expect(await getDb().select().from(modelVersions).where(eq(modelVersions.modelId, model.id))).toEqual([]);
  });

  it('refuses safetensors claimed for bytes in no recognised format, which are recorded as other without the claim', async () => {
    const bytes = Buffer.from('not a model at all, but the select said safetensors');
    await uploadBytes(ds, bytes);
    const modelId = (await newModel()).id;
    await expect(async () => await createModelVersion(ds, ZCreateModelVersionInput.parse({ modelId, version: '1', artifactSha256: sha(bytes), format: 'safetensors' }))).rejects.toThrow('The stored bytes are of no format the scanner recognises, not safetensors');
    expect(await createModelVersion(ds, ZCreateModelVersionInput.parse({ modelId, version: '1', artifactSha256: sha(bytes) }))).toMatchObject({ format: 'other', scanStatus: 'unknown' });
  });

  it('answers the API 400 with the format field named when the claim disagrees, and 201 when it agrees', async () => {
    const bytes = ownPickle('api-claim');
    await uploadBytes(ds, bytes);
    const body = { modelId: (await newModel()).id, version: '1.0.0', artifactSha256: sha(bytes) };
    const refused = await versionsRoute.POST(api('POST', '/api/v1/model-versions', { ...body, format: 'onnx' }), { params: Promise.resolve({}) });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.issues).toEqual([expect.objectContaining({ path: 'format', message: expect.stringContaining('are pickle') })]);
    const agreed = await versionsRoute.POST(api('POST', '/api/v1/model-versions', { ...body, format: 'pickle' }), { params: Promise.resolve({}) });
    expect(agreed.status).toBe(201);
    expect((await agreed.json()).format).toBe('pickle');
  });

  it('keeps the claim of a version whose bytes never arrived, and "other" when nothing is claimed', async () => {
    const model = await newModel();
    expect((await createModelVersion(ds, ZCreateModelVersionInput.parse({ modelId: model.id, version: '1', artifactSha256: 'c1'.repeat(32), format: 'onnx' }))).format).toBe('onnx');
    expect((await createModelVersion(ds, ZCreateModelVersionInput.parse({ modelId: model.id, version: '2', artifactSha256: 'c2'.repeat(32) }))).format).toBe('other');
  });
});

describe('the format follows the bytes afterwards', () => {
  it('turns a claimed safetensors into pickle when the bytes arrive, audited with the scan', async () => {
    const bytes = ownPickle('arrives-later');
    const version = await createModelVersion(ds, ZCreateModelVersionInput.parse({ modelId: (await newModel()).id, version: '1.0.0', artifactSha256: sha(bytes), format: 'safetensors' }));
    await uploadBytes(ds, bytes);
    expect(await formatOf(version.id)).toBe('pickle');
    const [event] = await events('model_version.scan_updated', version.id);
    expect(event).toMatchObject({ before: expect.objectContaining({ format: 'safetensors' }), after: expect.objectContaining({ format: 'pickle', scanStatus: 'clean' }) });
  });

  it('replaces a size claimed at registration with the measured one when the bytes arrive, audited', async () => {
    const bytes = ownPickle('claimed-size');
    const version = await createModelVersion(ds, ZCreateModelVersionInput.parse({ modelId: (await newModel()).id, version: '1.0.0', artifactSha256: sha(bytes), artifactSize: 5, format: 'pickle' }));
    expect(version.artifactSize).toBe(5);
    await uploadBytes(ds, bytes);
    const stored = first(await getDb().select({ artifactSize: modelVersions.artifactSize }).from(modelVersions).where(eq(modelVersions.id, version.id)).limit(1))!;
    expect(stored.artifactSize).toBe(bytes.length);
    const [event] = await events('model_version.scan_updated', version.id);
    expect(event).toMatchObject({ before: expect.objectContaining({ artifactSize: 5 }), after: expect.objectContaining({ artifactSize: bytes.length }) });
  });

  it('updates blob and versions when a rescan detects another format, in one audited transaction', async () => {
    const bytes = ownPickle('rescanned');
    await uploadBytes(ds, bytes);
    const version = await createModelVersion(ds, ZCreateModelVersionInput.parse({ modelId: (await newModel()).id, version: '1.0.0', artifactSha256: sha(bytes) }));
    // As an older scanner left it: no format recognised, an outdated verdict.
    await unguardedWriter().update(blobs).set({ format: 'other', scan: { status: 'unknown', findings: [], scannerVersion: 1 } }).where(eq(blobs.sha256, sha(bytes)));
    await unguardedWriter().update(modelVersions).set({ format: 'other', scanStatus: 'unknown' }).where(eq(modelVersions.id, version.id));
    const reupload = await uploadBytes(ds, bytes);
    expect(reupload.format).toBe('pickle');
    expect(first(await getDb().select({ format: blobs.format }).from(blobs).where(eq(blobs.sha256, sha(bytes))).limit(1))!.format).toBe('pickle');
    expect(await formatOf(version.id)).toBe('pickle');
    const [rescanned] = await events('artifact.rescanned', sha(bytes));
    const [updated] = (await events('model_version.scan_updated', version.id)).slice(-1);
    expect(rescanned).toMatchObject({ before: expect.objectContaining({ format: 'other' }), after: expect.objectContaining({ format: 'pickle' }) });
    expect(updated!.seq).toBe(rescanned!.seq + 1);
    await rescanArtifact(ds, sha(bytes));
    expect((await events('model_version.scan_updated', version.id)).slice(-1)[0]!.seq).toBe(updated!.seq);
  });

  it('refuses to edit the format of stored bytes, and lets a claim without bytes be corrected', async () => {
    const bytes = TENSOR_PICKLE;
    await uploadBytes(ds, bytes);
    const model = await newModel();
    const stored = await createModelVersion(ds, ZCreateModelVersionInput.parse({ modelId: model.id, version: '1', artifactSha256: sha(bytes) }));
    const refused = await versionRoute.PATCH(api('PATCH', `/api/v1/model-versions/${stored.id}`, { format: 'safetensors' }), { params: Promise.resolve({ id: stored.id }) });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.issues[0]).toMatchObject({ path: 'format' });
    expect(await formatOf(stored.id)).toBe('pickle');
    const claimed = await createModelVersion(ds, ZCreateModelVersionInput.parse({ modelId: model.id, version: '2', artifactSha256: 'c3'.repeat(32), format: 'onnx' }));
    expect((await updateModelVersion(ds, claimed.id, { format: 'gguf' })).format).toBe('gguf');
    expect(await events('model_version.updated', claimed.id)).toEqual([expect.objectContaining({ before: { format: 'onnx' }, after: { format: 'gguf' } })]);
  });
});
