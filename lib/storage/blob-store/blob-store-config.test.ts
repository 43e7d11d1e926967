import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTsx } from '@/lib/testing-cli';
import { BlobStoreConfigError, readBlobStoreConfig } from './blob-store-config';

describe('BLOB_STORE', () => {
  it('is the local store when unset or empty', () => {
    expect(readBlobStoreConfig({})).toEqual({ kind: 'local' });
    expect(readBlobStoreConfig({ BLOB_STORE: '  ' })).toEqual({ kind: 'local' });
  });

  it('names a bucket and a prefix; an endpoint means path-style unless turned off', () => {
    expect(readBlobStoreConfig({ BLOB_STORE: 's3://my-bucket/prov/blobs/', AWS_REGION: 'eu-west-1' })).toEqual({ kind: 's3', bucket: 'my-bucket', prefix: 'prov/blobs', endpoint: null, forcePathStyle: false, region: 'eu-west-1' });
    expect(readBlobStoreConfig({ BLOB_STORE: 's3://my-bucket', S3_ENDPOINT: 'http://127.0.0.1:9000' })).toEqual({ kind: 's3', bucket: 'my-bucket', prefix: '', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, region: 'us-east-1' });
    expect(readBlobStoreConfig({ BLOB_STORE: 's3://my-bucket/p', S3_ENDPOINT: 'https://minio.internal', S3_FORCE_PATH_STYLE: 'false' })).toMatchObject({ forcePathStyle: false });
  });

  it.each([
    ['s3://', /needs a bucket/],
    ['s3:///prefix', /needs a bucket/],
    ['s3://My_Bucket/p', /not a valid S3 bucket name/],
    ['s3://b/p', /not a valid S3 bucket name/],
    ['s3://bucket/a/../b', /"\.\." segment/],
    ['s3://bucket/..', /"\.\." segment/],
    ['s3://bucket/a//b', /empty/],
    ['s3://bucket/a b', /may hold only/],
    ['file:///var/blobs', /not understood/],
    ['/var/lib/provenant/blobs', /not understood/],
    ['S3://bucket', /not understood/],
  ])('refuses %s with the reason', (value, reason) => {
    expect(() => readBlobStoreConfig({ BLOB_STORE: value })).toThrow(BlobStoreConfigError);
    expect(() => readBlobStoreConfig({ BLOB_STORE: value })).toThrow(reason);
  });

  it('refuses an endpoint that is not an http(s) URL and a path-style flag that is not a boolean', () => {
    expect(() => readBlobStoreConfig({ BLOB_STORE: 's3://bucket', S3_ENDPOINT: '127.0.0.1:9000' })).toThrow(/S3_ENDPOINT/);
    expect(() => readBlobStoreConfig({ BLOB_STORE: 's3://bucket', S3_ENDPOINT: 'ftp://host' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => readBlobStoreConfig({ BLOB_STORE: 's3://bucket', S3_FORCE_PATH_STYLE: 'yes' })).toThrow(/S3_FORCE_PATH_STYLE/);
  });
});

describe('a bad BLOB_STORE', () => {
  const run = (args: string[], env: Record<string, string>) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-config-'));
    try {
      return runTsx(args, { env: { DATA_DIR: dataDir, ...env } });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };

  it('stops the server at start-up with the reason', () => {
    const started = run(['--eval', "void require('@/lib/startup').start()"], { BLOB_STORE: 's3://provenant/a/../b' });
    expect(started.status).toBe(1);
    expect(started.stderr).toContain('BLOB_STORE: the prefix "a/../b" has an empty, "." or ".." segment.');
  });

  it('makes verify-store answer "could not check" (exit 2) with the reason', () => {
    const checked = run(['lib/cli/main.ts', 'verify-store'], { BLOB_STORE: 's3://' });
    expect(checked.status).toBe(2);
    expect(checked.stderr).toContain('Could not check the store: BLOB_STORE: s3:// needs a bucket');
  });
});
