export type RequestMeta = { ip: string | null; userAgent: string | null };

/** An IPv4 client as a dual-stack socket reports it (::ffff:192.0.2.1) reads, and throttles, as its IPv4 address. */
const unmapped = (ip: string) => ip.replace(/^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i, '$1');

/**
 * The client address for the audit trail and throttling. By default the socket peer (set by server.mjs, never
 * taken from the client); behind N trusted reverse proxies (TRUSTED_PROXY_HOPS=N) the N-th X-Forwarded-For entry
 * from the right, the one the outermost trusted proxy appended.
 */
export function requestMetaFrom(headers: Headers): RequestMeta {
  const peer = headers.get('x-provenant-peer') || null;
  const hops = Number(process.env.TRUSTED_PROXY_HOPS) || 0;
  const forwarded = (headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const ip = hops > 0 && forwarded.length >= hops ? forwarded[forwarded.length - hops]! : peer;
  return { ip: ip && unmapped(ip), userAgent: headers.get('user-agent')?.slice(0, 512) ?? null };
}
