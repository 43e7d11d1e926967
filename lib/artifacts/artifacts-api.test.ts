import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as uploadRoute from '@/app/api/v1/artifacts/route';
import * as downloadRoute from '@/app/api/v1/artifacts/[sha256]/route';
import type { Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { dataDir } from '@/lib/config';
import { first, getDb } from '@/db';
import { blobs } from '@/db/schema';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { verifyModelVersion } from '@/lib/integrity/verify-model-version';
import { openIntegrityFlags } from '@/lib/integrity/queries';
import { makeActor, makeSystem } from '@/lib/testing';
import { blobPath } from '@/lib/storage/blob-store/local-blob-store';
import { OS_SYSTEM_PICKLE, TENSOR_PICKLE } from './scan/testing';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const tmpFiles = () => fs.readdirSync(path.join(dataDir(), 'blobs', 'tmp'));

function upload(token: string, bytes: Uint8Array, fields: Record<string, string> = {}, name = 'model.pkl') {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([Buffer.from(bytes)]), name);
  return uploadRoute.POST(new NextRequest('http://localhost/api/v1/artifacts', { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } }), ctx());
}

let ds: Actor;
let token: string;
beforeAll(async () => {
  ds = await makeActor(['data_scientist']);
  token = (await createApiToken(ds, ds.userId, { name: 'ci', scopes: ['register', 'read'] })).secret;
});

describe('POST /api/v1/artifacts', () => {
  it('stores the bytes under their digest, detects the format and scans a benign pickle as clean', async () => {
    const response = await upload(token, TENSOR_PICKLE, { sha256: sha(TENSOR_PICKLE) });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ sha256: sha(TENSOR_PICKLE), size: TENSOR_PICKLE.length, format: 'pickle', scan: { status: 'clean' } });
    expect(fs.readFileSync(blobPath(body.sha256))).toEqual(TENSOR_PICKLE);
    expect(blobPath(body.sha256)).toContain(path.join('blobs', 'sha256', body.sha256.slice(0, 2), body.sha256.slice(2, 4)));
    expect((await upload(token, TENSOR_PICKLE)).status).toBe(200);
  });

  it('reports an os.system pickle as unsafe, and a version registered with it carries the finding', async () => {
    const body = await (await upload(token, OS_SYSTEM_PICKLE, {}, '../../etc/evil.bin')).json();
    expect(body.scan.status).toBe('unsafe');
    expect(body.scan.findings).toContainEqual(expect.objectContaining({ code: 'unsafe_serialization', severity: 'critical' }));
    const model = await createModel(ds, { systemId: (await makeSystem(ds)).id, name: 'm' });
    const version = await createModelVersion(ds, { modelId: model.id, version: '1', artifactSha256: body.sha256 });
    expect(version).toMatchObject({ format: 'pickle', scanStatus: 'unsafe', artifactSize: OS_SYSTEM_PICKLE.length });
    expect(fs.readdirSync(path.join(dataDir(), 'blobs'))).toEqual(expect.not.arrayContaining(['evil.bin']));
  });

  it('refuses bytes that do not match the declared digest and keeps nothing', async () => {
    const bytes = Buffer.from('some model bytes that nobody declared');
    const response = await upload(token, bytes, { sha256: 'f'.repeat(64) });
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues[0]).toMatchObject({ path: 'sha256', message: expect.stringContaining(sha(bytes)) });
    expect(fs.existsSync(blobPath(sha(bytes)))).toBe(false);
    expect(tmpFiles()).toEqual([]);
  });

  it('cuts off an upload over the size limit and keeps nothing', async () => {
    process.env.MAX_UPLOAD_BYTES = '1024';
    const bytes = Buffer.alloc(64 * 1024, 7);
    const response = await upload(token, bytes);
    delete process.env.MAX_UPLOAD_BYTES;
    expect(response.status).toBe(413);
    expect(fs.existsSync(blobPath(sha(bytes)))).toBe(false);
    expect(tmpFiles()).toEqual([]);
  });

  it('refuses a token without the register scope', async () => {
    const readOnly = (await createApiToken(ds, ds.userId, { name: 'ro', scopes: ['read'] })).secret;
    expect((await upload(readOnly, Buffer.from('x'))).status).toBe(403);
  });
});

describe('GET /api/v1/artifacts/{sha256}', () => {
  const get = (digest: string) => downloadRoute.GET(new NextRequest(`http://localhost/api/v1/artifacts/${encodeURIComponent(digest)}`, { headers: { authorization: `Bearer ${token}` } }), ctx({ sha256: digest }));

  it('sends the bytes as an attachment that is never sniffed', async () => {
    const response = await get(sha(TENSOR_PICKLE));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="model.pkl"$/);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(TENSOR_PICKLE);
  });

  it('keeps a UTF-8 file name as sent (browsers and requests send it raw), and gives it back in RFC 6266 form', async () => {
    const bytes = Buffer.from('a model named in French');
    // What a browser sends: the name's UTF-8 bytes, raw, in the part's header (undici's FormData does the same).
    const uploaded = await upload(token, bytes, {}, 'modèle-été.bin');
    expect(uploaded.status).toBe(201);
    expect(first(await getDb().select({ name: blobs.originalName }).from(blobs).where(eq(blobs.sha256, sha(bytes))).limit(1))!.name).toBe('modèle-été.bin');
    expect((await get(sha(bytes))).headers.get('content-disposition')).toBe(`attachment; filename="mod_le-_t_.bin"; filename*=UTF-8''mod%C3%A8le-%C3%A9t%C3%A9.bin`);
  });

  it('cuts an over-long name by whole characters, keeping its extension: an emoji at the cut never breaks the download', async () => {
    const bytes = Buffer.from('a model with a very long name');
    expect((await upload(token, bytes, {}, `${'a'.repeat(119)}😀.bin`)).status).toBe(201);
    const response = await get(sha(bytes));
    expect(response.status).toBe(200);
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toBe(`attachment; filename="${'a'.repeat(116)}.bin"`);
    expect(disposition).not.toContain('%ED');
  });

  it('never builds a path from anything but a digest', async () => {
    for (const evil of ['../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '%252e%252e/x', '//proc/self/root', 'file:///etc/passwd', `${'a'.repeat(64)}/../x`]) {
      expect((await get(evil)).status).toBe(400);
    }
    expect((await get('0'.repeat(64))).status).toBe(404);
  });
});

describe('verifying stored bytes', () => {
  it('catches a byte flipped on disk, flags it, and clears the flag once the bytes are restored', async () => {
    const bytes = Buffer.from(TENSOR_PICKLE);
    bytes[bytes.length - 2] = 0x75;
    await upload(token, bytes);
    const model = await createModel(ds, { systemId: (await makeSystem(ds)).id, name: 'verified' });
    const version = await createModelVersion(ds, { modelId: model.id, version: '1', artifactSha256: sha(bytes), format: 'pickle' });
    expect((await verifyModelVersion(ds, version.id)).ok).toBe(true);
    const file = blobPath(sha(bytes));
    const original = fs.readFileSync(file);
    const tampered = Buffer.from(original);
    tampered[3] = tampered[3]! ^ 0xff;
    fs.writeFileSync(file, tampered);
    const failed = await verifyModelVersion(ds, version.id);
    expect(failed).toMatchObject({ ok: false, kind: 'blob_rehash', expectedSha256: sha(bytes), actualSha256: sha(tampered) });
    expect(await openIntegrityFlags(ds, { modelVersionId: version.id })).toHaveLength(1);
    fs.writeFileSync(file, original);
    expect((await verifyModelVersion(ds, version.id)).ok).toBe(true);
    expect(await openIntegrityFlags(ds, { modelVersionId: version.id })).toHaveLength(0);
  });
});
