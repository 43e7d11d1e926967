import { describe, expect, it } from 'vitest';
import { receiveMultipart } from '@/lib/artifacts/receive-multipart';
import { InsufficientStorage, TooLarge } from '@/lib/errors';
import { discardLimitsFor, discardRest } from './discard-rest';
import { readBodyBytes } from './read-json-body';

/** A request body that arrives in chunks as it is read, and says whether it was read to its end or cancelled. */
function arrivingBody(bytes: Uint8Array, chunkBytes = 4096) {
  const seen = { ended: false, cancelled: false };
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.length) {
          seen.ended = true;
          return controller.close();
        }
        controller.enqueue(bytes.slice(offset, (offset += chunkBytes)));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

const multipart = (fileBytes: number) => {
  const boundary = 'provenant-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="weights.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), Buffer.alloc(fileBytes, 7), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
};

describe('a body refused part-way', () => {
  // Cancelling it would destroy the connection under the answer: behind Caddy a 507 then arrived with an empty body.
  it('is read to its end and dropped, not cancelled, when an upload is over its limit', async () => {
    const { body, contentType } = multipart(256 * 1024);
    const { stream, seen } = arrivingBody(body);
    await expect(receiveMultipart(stream, contentType, 1000)).rejects.toThrow(TooLarge);
    await expect.poll(() => seen.ended).toBe(true);
    expect(seen.cancelled).toBe(false);
  });

  it('is read to its end and dropped when a JSON body passes its limit', async () => {
    const { stream, seen } = arrivingBody(new Uint8Array(3 * 1024 * 1024).fill(0x20));
    const request = new Request('http://localhost/api/v1/systems', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    await expect(readBodyBytes(request, 1024 * 1024)).rejects.toThrow(TooLarge);
    await expect.poll(() => seen.ended).toBe(true);
    expect(seen.cancelled).toBe(false);
  });

  it('is cancelled after all past the byte limit, or when it stalls past the time limit', async () => {
    let cancelled = 0;
    const endless = async () => ({ done: false, value: new Uint8Array(1024 * 1024) });
    discardRest(endless, () => cancelled++, { bytes: 8 * 1024 * 1024, ms: 60_000 });
    await expect.poll(() => cancelled).toBe(1);
    const stalled = () => new Promise<{ done: boolean }>(() => undefined);
    discardRest(stalled, () => cancelled++, { bytes: 8 * 1024 * 1024, ms: 50 });
    await expect.poll(() => cancelled).toBe(2);
  });

  it('is cancelled at once when 32 bodies are draining already, and drained again once they end', async () => {
    const stalled = () => new Promise<{ done: boolean }>(() => undefined);
    let cancelled = 0;
    for (let i = 0; i < 32; i++) discardRest(stalled, () => cancelled++, { bytes: 1024, ms: 200 });
    let extra = false;
    discardRest(stalled, () => (extra = true), { bytes: 1024, ms: 60_000 });
    expect(extra).toBe(true);
    await expect.poll(() => cancelled).toBe(32);
    const { stream, seen } = arrivingBody(new Uint8Array(64 * 1024));
    const reader = stream.getReader();
    discardRest(() => reader.read(), () => undefined);
    await expect.poll(() => seen.ended).toBe(true);
  });

  it('drains a few times the limit it was refused at, at least 1 MiB, at most 64 MiB', () => {
    expect(discardLimitsFor(16 * 1024).bytes).toBe(1024 * 1024);
    expect(discardLimitsFor(1024 * 1024).bytes).toBe(4 * 1024 * 1024);
    expect(discardLimitsFor(8 * 1024 ** 3).bytes).toBe(64 * 1024 * 1024);
  });

  it('is cancelled when reading it fails', async () => {
    let cancelled = false;
    discardRest(async () => Promise.reject(new InsufficientStorage()), () => (cancelled = true));
    await expect.poll(() => cancelled).toBe(true);
  });
});
