// Runs in a worker thread (see s3-sync-read.ts): answers one object read at a time while the caller's thread waits.
// No `server-only`, no database: only the S3 client.
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { S3BlobStoreConfig } from './blob-store-config';
import { createS3Client } from './s3-client';

export type SyncAsk = { signal: Int32Array; port: MessagePort; key: string; maxBytes: number; headOnly: boolean };
export type SyncAnswer = { found: false } | { found: true; bytes: Uint8Array | null } | { tooLarge: number } | { error: string };

const config = workerData as S3BlobStoreConfig;
const client = createS3Client(config);

async function answer({ key, maxBytes, headOnly }: SyncAsk): Promise<SyncAnswer> {
  try {
    if (headOnly) {
      await client.send(new HeadObjectCommand({ Bucket: config.bucket, Key: key }));
      return { found: true, bytes: null };
    }
    const got = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: key }));
    if ((got.ContentLength ?? 0) > maxBytes) {
      void got.Body?.transformToWebStream().cancel();
      return { tooLarge: got.ContentLength ?? 0 };
    }
    return { found: true, bytes: await got.Body!.transformToByteArray() };
  } catch (error) {
    const { name, message, $metadata } = error as Error & { $metadata?: { httpStatusCode?: number } };
    if (name === 'NotFound' || name === 'NoSuchKey' || $metadata?.httpStatusCode === 404) return { found: false };
    return { error: `${name}: ${message || `HTTP ${$metadata?.httpStatusCode ?? '?'}`}` };
  }
}

parentPort!.on('message', (ask: SyncAsk) => {
  // `answer` catches every error into its reply, so this chain cannot reject.
  void answer(ask).then((answered) => {
    ask.port.postMessage(answered);
    ask.port.close();
    Atomics.store(ask.signal, 0, 1);
    Atomics.notify(ask.signal, 0);
  });
});
