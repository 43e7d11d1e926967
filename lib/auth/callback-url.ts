/** Any origin of ours would do: only paths that stay on it are accepted, and only the path part is kept. */
const PROBE_ORIGIN = 'https://provenant.invalid';

/**
 * Where to go after sign-in: a path on this site, or '/'. The browser's own URL parser decides (it reads `/\host`,
 * `/\t/host` and `//host` as other hosts), so only what resolves to our origin is kept, re-serialised as a path.
 */
export function safeCallbackPath(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.length > 2048) return '/';
  let url: URL;
  try {
    url = new URL(raw, PROBE_ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== PROBE_ORIGIN) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('//') ? '/' : path;
}

/** next-auth's redirect callback: an absolute URL on our own origin, or a path; anything else goes home. */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  let target: URL | null = null;
  try {
    target = new URL(url);
  } catch {
    target = null;
  }
  const path = target ? (target.origin === base.origin ? `${target.pathname}${target.search}${target.hash}` : '/') : url;
  return new URL(safeCallbackPath(path), base.origin).href;
}
