import 'server-only';
import { createHmac } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import { first, getDb, withTransaction } from '@/db';
import { idempotencyKeys } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { authSecret } from '@/lib/auth/secret';
import { Conflict, Invalid, TooLarge } from '@/lib/errors';
import { discardRestOfReader } from './discard-rest';

const KEY = /^[\x20-\x7e]{1,200}$/;
/** Status of a claimed key whose first request is still running (or was cut off by a crash). */
const PENDING = 0;
/** A key answers its first result for a day; a claim still pending after 15 minutes was cut off and is given up. */
const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
const PENDING_LIFETIME_MS = 15 * 60 * 1000;

export type IdempotencyClaim = { callerKey: string; key: string; method: string; path: string };
export type StoredAnswer = { status: number; body: string };

/** The request's Idempotency-Key (1 to 200 printable ASCII characters), or null when it sends none. */
export function idempotencyKeyOf(request: Request): string | null {
  const key = request.headers.get('idempotency-key');
  if (key === null) return null;
  if (!KEY.test(key)) {
    throw new Invalid('The Idempotency-Key header is not valid.', [{ path: 'Idempotency-Key', message: 'Use 1 to 200 printable ASCII characters.' }]);
  }
  return key;
}

export const callerKeyOf = (actor: Actor) => (actor.type === 'token' ? `token:${actor.tokenId}` : `user:${actor.userId}`);

export type RequestHasher = { update(chunk: Uint8Array): void; digest(): string };

/**
 * The fingerprint of a request: method, path and body bytes; a key answers again only the request it was first
 * used for. A multipart boundary is chosen afresh by the client on every attempt, so it is left out of the hash.
 * Keyed with the server's secret: a body may carry a password, and the stored fingerprint must not help guess it.
 */
export function requestHasher(method: string, path: string, contentType: string | null): RequestHasher {
  const hash = createHmac('sha256', authSecret()).update(`${method}\n${path}\n`);
  const boundary = /^multipart\/[^;]+;.*\bboundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (!boundary) return { update: (chunk) => hash.update(chunk), digest: () => hash.digest('hex') };
  const marker = Buffer.from(`--${boundary}`);
  let carry: Buffer = Buffer.alloc(0);
  const feed = (chunk: Uint8Array) => {
    const bytes = Buffer.concat([carry, chunk]);
    let start = 0;
    for (let at = bytes.indexOf(marker); at !== -1; at = bytes.indexOf(marker, start)) {
      hash.update(bytes.subarray(start, at));
      start = at + marker.length;
    }
    const keep = Math.min(marker.length - 1, bytes.length - start);
    hash.update(bytes.subarray(start, bytes.length - keep));
    carry = bytes.subarray(bytes.length - keep);
  };
  return { update: feed, digest: () => hash.update(carry).digest('hex') };
}

/**
 * Claims the key with a conditional insert before the verb runs, so concurrent duplicates cannot both run it.
 * Answers null when claimed, the stored answer for a repeat, and 409 for a key in use or used for another request.
 * `requestSha256` is null while a streamed body is not yet hashed; `hashBody` then hashes the repeat's body.
 */
export async function claimIdempotencyKey(claim: IdempotencyClaim, requestSha256: string | null, hashBody: () => Promise<string>): Promise<StoredAnswer | null> {
  const now = Date.now();
  // Expired keys go and the key is taken in one transaction: the insert that takes it is the claim.
  const claimed = await withTransaction(async (tx) => {
    await tx.delete(idempotencyKeys).where(and(eq(idempotencyKeys.callerKey, claim.callerKey), lt(idempotencyKeys.createdAt, new Date(now - KEY_LIFETIME_MS).toISOString())));
    await tx.delete(idempotencyKeys).where(and(keyIs(claim), eq(idempotencyKeys.status, PENDING), lt(idempotencyKeys.createdAt, new Date(now - PENDING_LIFETIME_MS).toISOString())));
    const inserted = await tx
      .insert(idempotencyKeys)
      .values({ ...claim, requestSha256: requestSha256 ?? '', status: PENDING, responseBody: '' })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    return inserted.length > 0;
  });
  if (claimed) return null;
  const row = first(await getDb().select().from(idempotencyKeys).where(keyIs(claim)).limit(1));
  if (!row) return claimIdempotencyKey(claim, requestSha256, hashBody);
  if (row.status === PENDING) {
    throw new Conflict('A request with this Idempotency-Key is still being processed (or was cut off by a restart); retry later, and if this persists check whether the write happened before sending a new key.');
  }
  const sameRequest = row.method === claim.method && row.path === claim.path && row.requestSha256 === (requestSha256 ?? (await hashBody()));
  if (!sameRequest) throw new Conflict('This Idempotency-Key was already used for a different request; send a new key.');
  return { status: row.status, body: row.responseBody };
}

/** Keeps a success as the key's answer. */
export async function settleIdempotencyKey(claim: IdempotencyClaim, answer: StoredAnswer, requestSha256: string) {
  await withTransaction((tx) => tx.update(idempotencyKeys).set({ status: answer.status, responseBody: answer.body, requestSha256 }).where(keyIs(claim)));
}

/** A refusal or failure changed nothing, so the key is released for a retry (without reading what is left of the body). */
export async function releaseIdempotencyKey(claim: IdempotencyClaim) {
  await withTransaction((tx) => tx.delete(idempotencyKeys).where(keyIs(claim)));
}

const keyIs = (claim: IdempotencyClaim) => and(eq(idempotencyKeys.callerKey, claim.callerKey), eq(idempotencyKeys.key, claim.key));

/** A body stream that feeds the fingerprint as the verb reads it (uploads are streamed, never held whole). */
export function hashWhileReading(body: ReadableStream<Uint8Array>, hash: RequestHasher): ReadableStream<Uint8Array> {
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        hash.update(chunk);
        controller.enqueue(chunk);
      },
    }),
  );
}

/** Reads what is left of a body (a repeat's body is hashed through hashWhileReading, compared, then dropped). */
export async function readToEnd(body: ReadableStream<Uint8Array> | null, limitBytes: number) {
  const reader = body?.getReader();
  let size = 0;
  for (let next = await reader?.read(); next && !next.done; next = await reader!.read()) {
    size += next.value.byteLength;
    if (size > limitBytes) {
      discardRestOfReader(reader!, limitBytes);
      throw new TooLarge(limitBytes, 'The request body');
    }
  }
}
