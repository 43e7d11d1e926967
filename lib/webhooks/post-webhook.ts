import 'server-only';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { forbiddenAddressReason, isLocalhostName } from './address-policy';

export const SEND_TIMEOUT_MS = 10_000;

export type PostOutcome = { httpStatus: number | null; error: string | null; durationMs: number; retryAfterSeconds?: number | null };

/** A `retry-after` in delta-seconds (the HTTP-date form is ignored: it would mix the receiver's clock into ours). */
const retryAfterSeconds = (value: string | string[] | undefined) => (typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : null);

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Checks every address a name resolves to at connect time, so a name re-pointed since creation (DNS rebinding) is refused. */
function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback) {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const bad = addresses.find((a) => forbiddenAddressReason(a.address));
    if (bad) return callback(Object.assign(new Error(`${hostname} resolves to ${bad.address}, ${forbiddenAddressReason(bad.address)}`), { code: 'EFORBIDDENADDRESS' }), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

function refusedTarget(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isLocalhostName(host)) return `${host} is a loopback address`;
  const reason = isIP(host) ? forbiddenAddressReason(host) : null;
  return reason ? `${host} is ${reason}` : null;
}

/**
 * One POST: redirects are never followed (a 3xx is a failure: the admin fixes the URL), the answer's body is never
 * read, and the whole attempt is cut off after `timeoutMs`. Resolves with the status or the error, never rejects.
 */
export function postWebhook({ url, headers, body, allowPrivateNetwork, timeoutMs = SEND_TIMEOUT_MS }: { url: string; headers: Record<string, string>; body: string; allowPrivateNetwork: boolean; timeoutMs?: number }): Promise<PostOutcome> {
  const started = performance.now();
  const done = (httpStatus: number | null, error: string | null, retryAfter: number | null = null): PostOutcome => ({ httpStatus, error, durationMs: Math.round(performance.now() - started), retryAfterSeconds: retryAfter });
  return new Promise((resolve) => {
    const target = new URL(url);
    const refused = allowPrivateNetwork ? null : refusedTarget(target);
    if (refused) return resolve(done(null, `Refused: ${refused}.`));
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(target, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'user-agent': 'Provenant-Webhooks/1', ...headers, 'content-length': String(Buffer.byteLength(body)) },
      ...(allowPrivateNetwork ? {} : { lookup: guardedLookup }),
    });
    const timer = setTimeout(() => request.destroy(new Error(`No answer within ${timeoutMs / 1000} s.`)), timeoutMs);
    request.on('response', (response) => {
      clearTimeout(timer);
      resolve(done(response.statusCode ?? null, null, retryAfterSeconds(response.headers['retry-after'])));
      response.destroy();
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(done(null, error.code === 'EFORBIDDENADDRESS' ? `Refused: ${error.message}.` : error.message || String(error.code)));
    });
    request.end(body);
  });
}
