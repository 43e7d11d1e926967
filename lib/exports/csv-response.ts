import 'server-only';

/** `provenant-<what>-<UTC date>.csv`: the name tells what it holds and the day it was taken. */
export function exportFilename(what: string, now = new Date()): string {
  return `provenant-${what}-${now.toISOString().slice(0, 10)}.csv`;
}

/** A CSV download: an attachment no browser renders or sniffs, never cached (it holds governed data). */
export function csvAttachment(what: string, body: ReadableStream<Uint8Array>): Response {
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFilename(what)}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
  });
}
