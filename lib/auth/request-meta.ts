export type RequestMeta = { ip: string | null; userAgent: string | null };

/** The client address as Next's server forwards it (first hop of x-forwarded-for), and the user agent. */
export function requestMetaFrom(headers: Headers): RequestMeta {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return {
    ip: forwarded || headers.get('x-real-ip') || null,
    userAgent: headers.get('user-agent')?.slice(0, 512) ?? null,
  };
}
