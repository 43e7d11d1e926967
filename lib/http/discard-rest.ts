/** How much of a refused body is read and dropped, and for how long, before the connection is given up. */
export const DISCARD_LIMITS = { bytes: 64 * 1024 * 1024, ms: 10_000 };

type Chunk = { done?: boolean; value?: { byteLength: number } };

/**
 * Reads and drops what is left of a request body refused part-way (too large, malformed, the disk full), in the
 * background while the refusal is answered, instead of cancelling it. Cancelling destroys the request, and with it the
 * connection when the body has not all arrived: the answer is then cut off, even after its status went out (a proxy
 * such as Caddy passes on a 507 with an empty body), and the client's rest of the body meets a reset. Bounded, as a
 * lingering close is: past `DISCARD_LIMITS` of bytes or time the body is cancelled after all.
 */
export function discardRest(next: () => Promise<Chunk>, cancel: () => void, limits = DISCARD_LIMITS) {
  let dropped = 0;
  const giveUp = () => {
    clearTimeout(timer);
    cancel();
  };
  const timer = setTimeout(giveUp, limits.ms);
  timer.unref?.();
  void (async () => {
    try {
      for (let chunk = await next(); !chunk.done; chunk = await next()) {
        dropped += chunk.value?.byteLength ?? 0;
        if (dropped > limits.bytes) return giveUp();
      }
      clearTimeout(timer);
    } catch {
      giveUp();
    }
  })();
}

/** `discardRest` for a web stream's reader. */
export const discardRestOfReader = (reader: ReadableStreamDefaultReader<Uint8Array>, limits?: typeof DISCARD_LIMITS) =>
  discardRest(() => reader.read(), () => void reader.cancel().catch(() => undefined), limits);
