import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InsufficientStorage, Unavailable } from '@/lib/errors';
import { createS3BlobStore } from './s3-blob-store';

// The error bodies S3-compatible stores send when they will not keep more. MinIO: ErrStorageFull in
// cmd/api-errors.go (github.com/minio/minio), HTTP 507. Ceph RGW: ERR_QUOTA_EXCEEDED in src/rgw/rgw_common.cc
// (github.com/ceph/ceph), HTTP 403. A plain 500 InternalError (s3rver on a full disk) is the control.
const REFUSALS = {
  minio: { status: 507, code: 'XMinioStorageFull', message: 'Storage backend has reached its minimum free drive threshold. Please delete a few objects to proceed.' },
  ceph: { status: 403, code: 'QuotaExceeded', message: '' },
  other: { status: 500, code: 'InternalError', message: 'We encountered an internal error, please try again.' },
};
let refusal: (typeof REFUSALS)[keyof typeof REFUSALS] = REFUSALS.minio;

// An S3 endpoint whose objects are all missing (HEAD 404) and that refuses every write as the store above would.
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method === 'HEAD') return res.writeHead(404).end();
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${refusal.message}</Message><Resource>${req.url}</Resource><RequestId>17F0A1B2C3D4E5F6</RequestId></Error>`;
    res.writeHead(refusal.status, { 'content-type': 'application/xml' }).end(body);
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ACCESS_KEY_ID = 'full-store';
  process.env.AWS_SECRET_ACCESS_KEY = 'full-store-secret';
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function storeOnce() {
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const store = createS3BlobStore({ kind: 's3', bucket: 'provenant', prefix: 'full', endpoint, forcePathStyle: true, region: 'us-east-1' });
  const staged = await store.stage(Readable.from([Buffer.from('weights that do not fit')]));
  return store.commit(staged);
}

describe('an object store that is full', () => {
  it.each(['minio', 'ceph'] as const)('refuses a write as %s does: InsufficientStorage (507), naming the store', async (kind) => {
    refusal = REFUSALS[kind];
    const error = await storeOnce().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientStorage);
    expect(error).toMatchObject({ status: 507, code: 'insufficient_storage' });
    expect((error as Error).message).toContain('s3://provenant/full is full');
  });

  it('any other refusal stays Unavailable (503)', async () => {
    refusal = REFUSALS.other;
    await expect(storeOnce()).rejects.toBeInstanceOf(Unavailable);
  });
});
