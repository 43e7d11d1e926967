import 'server-only';

/** At most `max` characters (code points, never half of one), keeping the extension of a name cut short. */
function shortened(name: string, max: number) {
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? Array.from(name.slice(dot)) : [];
  return [...chars.slice(0, max - extension.length), ...extension].join('');
}

/**
 * The attachment's name: an ASCII fallback (`fallback` when nothing of the name is ASCII), and the name itself (its
 * last path segment) in RFC 6266's UTF-8 form, so "modèle-été.bin" comes back as it went in.
 */
export function attachmentDisposition(name: string | null, fallback: string) {
  const base = shortened((name ?? '').split(/[\\/]/).pop()!.toWellFormed(), 120);
  const ascii = base.replace(/[^\w.\-]+/g, '_') || fallback;
  const encoded = encodeURIComponent(base).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"${base && ascii !== base ? `; filename*=UTF-8''${encoded}` : ''}`;
}

type FileAnswer = { contentType: string; fileName: string | null; fallbackName?: string; size?: number; headers?: Record<string, string> };

/**
 * Every file the server hands out: an attachment that no browser renders as a page or sniffs (HTML reports
 * included: the sandbox policy covers one opened anyway), never cached, since it holds governed data.
 */
export function fileResponse(body: BodyInit, { contentType, fileName, fallbackName = 'download', size, headers = {} }: FileAnswer): Response {
  return new Response(body, {
    headers: {
      'content-type': contentType,
      ...(size === undefined ? {} : { 'content-length': String(size) }),
      'content-disposition': attachmentDisposition(fileName, fallbackName),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
      ...headers,
    },
  });
}
