// Shared by server.mjs (plain Node, before Next sees a request) and the API wrapper: one CSRF rule for both.

/** The host this request was addressed to: the Host header, or X-Forwarded-Host only behind trusted proxies. */
export function requestHost(headers) {
  const hops = Number(process.env.TRUSTED_PROXY_HOPS) || 0;
  const forwarded = (headers.get('x-forwarded-host') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (hops > 0 && forwarded.length > 0) return forwarded[Math.max(0, forwarded.length - hops)];
  return headers.get('host') || null;
}

/** Why a write is not same-origin (a missing, opaque `null`, unparsable or foreign Origin), or null when it is. */
export function crossOriginReason(headers) {
  const origin = headers.get('origin');
  if (!origin) return 'The request has no Origin header.';
  const host = requestHost(headers);
  if (!host) return 'The request names no host.';
  let originHost;
  try {
    originHost = new URL(origin).host;
  } catch {
    return 'The Origin header is not a URL.';
  }
  return originHost && originHost === host.toLowerCase() ? null : 'The Origin does not match this server.';
}
