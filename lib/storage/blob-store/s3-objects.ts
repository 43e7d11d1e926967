import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { AbortMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { InsufficientStorage, Unavailable } from '@/lib/errors';
import type { S3BlobStoreConfig } from './blob-store-config';
import type { ByteRange, OpenedBytes } from './blob-store';

export type S3Objects = ReturnType<typeof s3Objects>;
/** Part size and parallel parts of multipart uploads (at most partSize * queueSize bytes buffered per upload). */
export type S3Tuning = { partSize?: number; queueSize?: number };

export const statusOf = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
/**
 * The store refused to keep more: MinIO's XMinioStorageFull (HTTP 507, when its drives pass their free-space threshold;
 * minio cmd/api-errors.go), Ceph RGW's QuotaExceeded (HTTP 403; src/rgw/rgw_common.cc), or any 507.
 */
const isFull = (error: unknown) => ['XMinioStorageFull', 'QuotaExceeded'].includes((error as Error | null)?.name ?? '') || statusOf(error) === 507;
export const isNotFound = (error: unknown) => ['NotFound', 'NoSuchKey'].includes((error as Error | null)?.name ?? '') || statusOf(error) === 404;

/** Hashes what it passes on and fails at the end when that is not the digest and size the caller vouched for. */
function verifying(expected: { sha256: string; size: number }) {
  const hash = createHash('sha256');
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      const actual = hash.digest('hex');
      if (actual === expected.sha256 && size === expected.size) return done();
      done(new Error(`the file changed before it was uploaded (${size} bytes hashing to ${actual}, expected ${expected.size} bytes hashing to ${expected.sha256})`));
    },
  });
}

/** The bucket's objects under the configured prefix; every failure other than "no such object" says which store and why. */
export function s3Objects(config: S3BlobStoreConfig, client: S3Client, tuning: S3Tuning = {}) {
  const where = `s3://${config.bucket}${config.prefix ? `/${config.prefix}` : ''}`;
  const key = (name: string) => (config.prefix ? `${config.prefix}/${name}` : name);
  const fail = (action: string, error: unknown, note = ''): never => {
    const name = (error as Error | null)?.name ?? 'Error';
    const status = statusOf(error);
    if (isFull(error)) throw new InsufficientStorage(`The object store ${where} is full (${name}); nothing was kept. An operator must make room.`);
    // A HEAD answer has no body, so a refused HEAD arrives as "UnknownError": the status is what tells.
    const hint = status === 403 ? '; check the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) and the bucket policy' : '';
    throw new Unavailable(`The object store ${where} could not ${action}: ${name}: ${(error as Error | null)?.message ?? ''}${status ? ` (HTTP ${status})` : ''}${hint}${note}`);
  };
  return {
    where,
    key,
    /** `abortSignal` bounds a probe: the SDK sets no timeout of its own, and an abandoned request would hold a socket. */
    async head(name: string, abortSignal?: AbortSignal): Promise<{ size: number } | null> {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: config.bucket, Key: key(name) }), { abortSignal });
        return { size: head.ContentLength ?? 0 };
      } catch (error) {
        if (isNotFound(error)) return null;
        return fail(`read ${name}`, error);
      }
    },
    async get(name: string, range?: ByteRange): Promise<OpenedBytes | null> {
      try {
        const got = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: key(name), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
        return { stream: got.Body as Readable, size: got.ContentLength ?? 0 };
      } catch (error) {
        if (isNotFound(error)) return null;
        return fail(`read ${name}`, error);
      }
    },
    /**
     * Streams a local file up (multipart above the part size). On failure the multipart upload is aborted here
     * rather than by the SDK, whose own abort, when it fails too, hides the reason the upload failed.
     */
    async put(name: string, file: string, expected: { sha256: string; size: number }) {
      const body = fs.createReadStream(file).pipe(verifying(expected));
      const params = { Bucket: config.bucket, Key: key(name) };
      const upload = new Upload({ client, params: { ...params, Body: body }, partSize: tuning.partSize ?? 8 * 1024 * 1024, queueSize: tuning.queueSize ?? 2, leavePartsOnError: true });
      try {
        await upload.done();
      } catch (error) {
        body.destroy();
        const aborted = upload.uploadId ? await client.send(new AbortMultipartUploadCommand({ ...params, UploadId: upload.uploadId })).then(() => null, (abortError: Error) => abortError) : null;
        const note = aborted ? ` (aborting multipart upload ${upload.uploadId} failed too: ${aborted.name}; the bucket's rule for incomplete uploads must remove its parts)` : '';
        fail(`store ${name}`, error, note);
      }
    },
    async remove(name: string) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key(name) }));
      } catch (error) {
        if (!isNotFound(error)) fail(`remove ${name}`, error);
      }
    },
    /** Every object under `<prefix>/<folder>/`, by its name relative to the prefix, with its last modification. */
    async *list(folder: string): AsyncIterable<{ name: string; modifiedAt: Date }> {
      let token: string | undefined;
      do {
        let page;
        try {
          page = await client.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: key(`${folder}/`), ContinuationToken: token }));
        } catch (error) {
          return fail(`list ${folder}/`, error);
        }
        for (const object of page.Contents ?? []) {
          if (object.Key) yield { name: config.prefix ? object.Key.slice(config.prefix.length + 1) : object.Key, modifiedAt: object.LastModified ?? new Date(0) };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
  };
}
