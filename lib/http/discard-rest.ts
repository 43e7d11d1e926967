/** The most of a refused body read and dropped, and for how long, before the connection is given up. */
export const DISCARD_LIMITS = { bytes: 64 * 1024 * 1024, ms: 10_000 };
/** Refused bodies drained at once; past this, a refused body is cancelled at once (its answer may then be lost). */
const MAX_DRAINING = 32;
let draining = 0;

/** What is drained of a body refused at `limitBytes`: a few times the limit (at least 1 MiB), within DISCARD_LIMITS. */
export const discardLimitsFor = (limitBytes: number) => ({ bytes: Math.min(DISCARD_LIMITS.bytes, Math.max(4 * limitBytes, 1024 * 1024)), ms: DISCARD_LIMITS.ms });

type Chunk = { done?: boolean; value?: { byteLength: number } };

/**
 * Reads and drops what is left of a request body refused part-way (too large, malformed, the disk full), in the
 * background while the refusal is answered, instead of cancelling it. Cancelling destroys the request, and with it the
 * connection when the body has not all arrived: the answer is then cut off, even after its status went out (a proxy
 * such as Caddy passes on a 507 with an empty body), and the client's rest of the body meets a reset. Bounded, as a
 * lingering close is: past `limits` of bytes or time, or with MAX_DRAINING bodies draining already, it is cancelled.
 */
export function discardRest(next: () => Promise<Chunk>, cancel: () => void, limits = DISCARD_LIMITS) {
  if (draining >= MAX_DRAINING) return cancel();
  draining++;
  let dropped = 0;
  let ended = false;
  const end = (cancelling: boolean) => {
    if (ended) return;
    ended = true;
    draining--;
    clearTimeout(timer);
    if (cancelling) cancel();
  };
  const timer = setTimeout(() => end(true), limits.ms);
  timer.unref?.();
  void (async () => {
    try {
      for (let chunk = await next(); !chunk.done && !ended; chunk = await next()) {
        dropped += chunk.value?.byteLength ?? 0;
        if (dropped > limits.bytes) return end(true);
      }
      end(false);
    } catch {
      end(true);
    }
  })();
}

/** `discardRest` for a web stream's reader, refused at `limitBytes`. */
export const discardRestOfReader = (reader: ReadableStreamDefaultReader<Uint8Array>, limitBytes: number) =>
  discardRest(() => reader.read(), () => void reader.cancel().catch(() => undefined), discardLimitsFor(limitBytes));
