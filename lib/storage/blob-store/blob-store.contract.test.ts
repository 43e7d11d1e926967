import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { S3_TEST_BUCKET } from '@/vitest.s3-setup';
import { TooLarge, Unavailable } from '@/lib/errors';
import { packDir } from '@/lib/packs/pack-files';
import { verifyStoreManifest } from '@/lib/storage/verify-store';
import type { BlobStore } from './blob-store';
import { readBlobStoreConfig } from './blob-store-config';
import { blobPath, createLocalBlobStore } from './local-blob-store';
import { createS3BlobStore } from './s3-blob-store';
import { createS3Client } from './s3-client';
import { blobTempDir } from './stage-blob';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const MiB = 1024 * 1024;
const chunked = (bytes: Buffer) => Readable.from(Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536)));
const tempFiles = () => (fs.existsSync(blobTempDir()) ? fs.readdirSync(blobTempDir()) : []);
const readAll = async (stream: Readable) => Buffer.concat(await stream.toArray());

type Case = {
  name: string;
  make: () => BlobStore;
  /** The raw bytes as the backing store keeps them, read behind the store's back. */
  rawFile: (sha256: string) => string;
  /** Changes when the stored object is written again. */
  writeMarker: (sha256: string) => string;
};

const s3Writes: string[] = [];
const s3 = (env: Record<string, string> = {}) => readBlobStoreConfig({ S3_ENDPOINT: inject('s3Endpoint'), ...env });

function s3Case(): Case {
  const prefix = `contract-${randomUUID()}`;
  const config = s3({ BLOB_STORE: `s3://${S3_TEST_BUCKET}/${prefix}` });
  if (config.kind !== 's3') throw new Error('expected an S3 configuration');
  return {
    name: 'S3 (s3rver)',
    make: () => {
      const client = createS3Client(config);
      client.middlewareStack.add((next, context) => (args) => {
        if (/^(PutObject|CreateMultipartUpload|UploadPart|CompleteMultipartUpload)Command$/.test(context.commandName ?? '')) s3Writes.push(context.commandName!);
        return next(args);
      }, { step: 'initialize' });
      return createS3BlobStore(config, { partSize: 5 * MiB }, client);
    },
    rawFile: (sha) => path.join(inject('s3Directory'), S3_TEST_BUCKET, prefix, 'sha256', sha.slice(0, 2), sha.slice(2, 4), `${sha}._S3rver_object`),
    writeMarker: () => String(s3Writes.length),
  };
}

const localCase: Case = {
  name: 'local',
  make: createLocalBlobStore,
  rawFile: blobPath,
  writeMarker: (sha) => {
    const stat = fs.statSync(blobPath(sha));
    return `${stat.ino}:${stat.mtimeMs}`;
  },
};

beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
});

describe.each([() => localCase, s3Case])('the blob store contract', (makeCase) => {
  const c = makeCase();
  let store: BlobStore;
  beforeAll(() => {
    store = c.make();
  });
  const put = async (bytes: Buffer) => {
    const staged = await store.stage(chunked(bytes));
    await store.commit(staged);
    return staged;
  };

  describe(c.name, () => {
    it('stores real bytes under their digest and reads them back, whole, by range, as a local file and synchronously', async () => {
      const bytes = randomBytes(300_000);
      const staged = await put(bytes);
      expect(staged).toMatchObject({ sha256: sha256(bytes), size: bytes.length });
      expect(tempFiles()).toEqual([]);
      // The backing store holds exactly these bytes (no aws-chunked framing, no trailer).
      expect(sha256(fs.readFileSync(c.rawFile(staged.sha256)))).toBe(staged.sha256);
      expect(await store.stat(staged.sha256)).toEqual({ size: bytes.length });
      const opened = await store.open(staged.sha256);
      expect(opened!.size).toBe(bytes.length);
      expect((await readAll(opened!.stream)).equals(bytes)).toBe(true);
      const part = await store.open(staged.sha256, { start: 1000, end: 1999 });
      expect(part!.size).toBe(1000);
      expect((await readAll(part!.stream)).equals(bytes.subarray(1000, 2000))).toBe(true);
      expect(await store.rehash(staged.sha256)).toBe(staged.sha256);
      expect((await store.readBytes(staged.sha256, bytes.length))!.equals(bytes)).toBe(true);
      await expect(store.readBytes(staged.sha256, bytes.length - 1)).rejects.toBeInstanceOf(TooLarge);
      await expect(store.readBytes(staged.sha256, 10)).rejects.toBeInstanceOf(TooLarge);
      expect(await store.withLocalFile(staged.sha256, async (file) => sha256(fs.readFileSync(file)))).toBe(staged.sha256);
      expect(tempFiles()).toEqual([]);
    });

    it('streams a 21 MiB object (multipart on S3) and its stored bytes hash to the digest', async () => {
      const bytes = randomBytes(21 * MiB + 3);
      const before = s3Writes.length;
      const staged = await put(bytes);
      expect(sha256(fs.readFileSync(c.rawFile(staged.sha256)))).toBe(sha256(bytes));
      expect(await store.rehash(staged.sha256)).toBe(sha256(bytes));
      if (store.kind === 's3') expect(s3Writes.slice(before).filter((name) => name === 'UploadPartCommand')).toHaveLength(5);
    }, 120_000);

    it('commits the same bytes twice without writing them again', async () => {
      const bytes = randomBytes(5000);
      const first = await put(bytes);
      const marker = c.writeMarker(first.sha256);
      const second = await store.stage(chunked(bytes));
      await store.commit(second);
      expect(c.writeMarker(first.sha256)).toBe(marker);
      expect(fs.existsSync(second.tempPath)).toBe(false);
      expect(await store.rehash(first.sha256)).toBe(first.sha256);
    });

    it('refuses more than the limit while staging and keeps no temporary file, even when refused before the file opened', async () => {
      await expect(store.stage(chunked(randomBytes(200_000)), 100_000)).rejects.toBeInstanceOf(TooLarge);
      // Settled together: awaited one by one, a later refusal would land before anything handles it.
      const early = await Promise.allSettled(Array.from({ length: 20 }, () => store.stage(Readable.from([Buffer.alloc(10)]), 1)));
      for (const refused of early) expect(refused.status === 'rejected' ? refused.reason : refused.value).toBeInstanceOf(TooLarge);
      expect(tempFiles()).toEqual([]);
    });

    it('answers null for bytes it does not hold', async () => {
      const missing = sha256(randomBytes(32));
      expect(await store.open(missing)).toBeNull();
      expect(await store.stat(missing)).toBeNull();
      expect(await store.rehash(missing)).toBeNull();
      expect(await store.readBytes(missing, 100)).toBeNull();
      expect(await store.withLocalFile(missing, async () => 'used')).toBeNull();
      expect(() => store.locate('../../etc/passwd')).toThrow(/Not a SHA-256/);
    });

    it('lists what it holds and removes what the sweep asks it to', async () => {
      const [a, b] = [await put(randomBytes(100)), await put(randomBytes(200))];
      const listed = async () => {
        const found = new Set<string>();
        for await (const blob of store.list()) found.add(blob.sha256);
        return found;
      };
      expect([...(await listed())]).toEqual(expect.arrayContaining([a.sha256, b.sha256]));
      await store.remove(a.sha256);
      const after = await listed();
      expect(after.has(a.sha256)).toBe(false);
      expect(after.has(b.sha256)).toBe(true);
      expect(await store.stat(a.sha256)).toBeNull();
    });

    it('catches bytes altered behind its back, on rehash and in verify-store', async () => {
      const bytes = randomBytes(4096);
      const staged = await put(bytes);
      const flipped = Buffer.from(bytes);
      flipped[100] = flipped[100]! ^ 0xff;
      fs.writeFileSync(c.rawFile(staged.sha256), flipped);
      expect(await store.rehash(staged.sha256)).toBe(sha256(flipped));
      await expect(store.readBytes(staged.sha256, 4096)).rejects.toThrow(/no longer match their digest/);
      const manifest = path.join(blobTempDir(), '..', `manifest-${randomUUID()}.json`);
      const missing = sha256(randomBytes(8));
      fs.writeFileSync(manifest, JSON.stringify({ store: 'test', files: [{ kind: 'blob', sha256: staged.sha256, size: 4096, namedBy: 'altered' }, { kind: 'blob', sha256: missing, size: 8, namedBy: 'gone' }] }));
      const check = await verifyStoreManifest(manifest, store);
      expect(check.checked).toBe(2);
      expect(check.problems).toEqual([
        { path: store.locate(staged.sha256), namedBy: 'altered', problem: `bytes hash to ${sha256(flipped)}, expected ${staged.sha256}` },
        { path: store.locate(missing), namedBy: 'gone', problem: 'missing' },
      ]);
    });

    it('keeps pack files: put takes the local file over, then open, rehash, list and remove', async () => {
      const packId = randomUUID();
      const bytes = randomBytes(70_000);
      fs.mkdirSync(packDir(packId), { recursive: true });
      const source = path.join(packDir(packId), 'pack.zip.partial');
      fs.writeFileSync(source, bytes);
      await store.putPack(packId, 'zip', source);
      expect(fs.existsSync(source)).toBe(false);
      expect((await readAll((await store.openPack(packId, 'zip'))!.stream)).equals(bytes)).toBe(true);
      expect(await store.rehashPack(packId, 'zip')).toBe(sha256(bytes));
      const listed = [];
      for await (const file of store.listPacks()) if (file.packId === packId) listed.push(file.file);
      expect(listed).toEqual(['zip']);
      expect(await store.removePack(packId)).toHaveLength(1);
      expect(await store.openPack(packId, 'zip')).toBeNull();
      expect(await store.rehashPack(packId, 'pdf')).toBeNull();
    });
  });
});

describe('an S3 upload that fails', () => {
  const config = () => {
    const parsed = s3({ BLOB_STORE: `s3://${S3_TEST_BUCKET}/failures-${randomUUID()}` });
    if (parsed.kind !== 's3') throw new Error('expected an S3 configuration');
    return parsed;
  };

  it('with unknown credentials leaves no object and no temporary file, and says why', async () => {
    const settings = config();
    // The SDK reads the credentials at the first request, so the wrong key stays set until the commit is over.
    process.env.AWS_ACCESS_KEY_ID = 'NOT-A-KEY';
    const refused = createS3BlobStore(settings);
    const staged = await refused.stage(chunked(randomBytes(1000)));
    const error = await refused.commit(staged).catch((e: unknown) => e);
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    expect(error).toBeInstanceOf(Unavailable);
    expect((error as Error).message).toMatch(/^The object store s3:\/\/provenant-test\/failures-[0-9a-f-]+ could not read sha256\/.*\(HTTP 403\); check the credentials/);
    expect(tempFiles()).toEqual([]);
    expect(await createS3BlobStore(settings).stat(staged.sha256)).toBeNull();
  });

  it('into a bucket that does not exist says so', async () => {
    const settings = { ...config(), bucket: 'no-such-bucket-here' };
    const store = createS3BlobStore(settings);
    const staged = await store.stage(chunked(randomBytes(1000)));
    await expect(store.commit(staged)).rejects.toThrow(/could not store sha256\/.*NoSuchBucket/);
    expect(tempFiles()).toEqual([]);
  });

  it('when the staged file no longer holds the digest it was staged with, mid-multipart: nothing is stored', async () => {
    const settings = config();
    const store = createS3BlobStore(settings, { partSize: 5 * MiB });
    const staged = await store.stage(chunked(randomBytes(12 * MiB)));
    fs.appendFileSync(staged.tempPath, 'one byte more');
    await expect(store.commit(staged)).rejects.toThrow(/changed before it was uploaded/);
    expect(tempFiles()).toEqual([]);
    expect(await store.stat(staged.sha256)).toBeNull();
  }, 60_000);
});
