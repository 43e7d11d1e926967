import 'server-only';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { TooLarge, Unavailable } from '@/lib/errors';
import type { S3BlobStoreConfig } from './blob-store-config';
import type { SyncAnswer } from './s3-sync-read.worker';

/** Longer than any sane read of a small object; a store that does not answer by then is reported unavailable. */
const WAIT_MS = 30_000;

// Next's build bundles the worker to JavaScript; run from source (tests, tsx) it needs tsx's require hook too.
const fromSource = process.env.NEXT_RUNTIME !== 'nodejs';

/**
 * Reads a small object while the calling thread waits (Atomics.wait on a worker doing the request): for the few
 * callers that read a bundle or trusted root inside a synchronous better-sqlite3 transaction. It blocks this thread
 * for one request's time, so it serves small objects only; it goes away once the data layer is asynchronous.
 */
export function s3SyncReader(config: S3BlobStoreConfig, where: string) {
  let worker: Worker | null = null;
  return (key: string, maxBytes: number, headOnly: boolean): Buffer | boolean => {
    worker ??= new Worker(new URL('./s3-sync-read.worker.ts', import.meta.url), { workerData: config, execArgv: fromSource ? ['--require', 'tsx/cjs'] : [] });
    worker.unref();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    try {
      worker.postMessage({ signal, port: port2, key, maxBytes, headOnly }, [port2]);
      if (Atomics.wait(signal, 0, 0, WAIT_MS) === 'timed-out') throw new Unavailable(`The object store ${where} did not answer within ${WAIT_MS / 1000} s reading ${key}.`);
      const answer = receiveMessageOnPort(port1)?.message as SyncAnswer | undefined;
      if (!answer) throw new Unavailable(`The object store ${where} gave no answer reading ${key}.`);
      if ('error' in answer) throw new Unavailable(`The object store ${where} could not read ${key}: ${answer.error}`);
      if ('tooLarge' in answer) throw new TooLarge(maxBytes, `The stored object ${key} (${answer.tooLarge} bytes)`);
      if (!answer.found) return false;
      return answer.bytes ? Buffer.from(answer.bytes) : true;
    } finally {
      port1.close();
    }
  };
}
