import 'server-only';
import { fileResponse } from '@/lib/http/file-response';

/** `provenant-<what>-<UTC date>.csv`: the name tells what it holds and the day it was taken. */
export function exportFilename(what: string, now = new Date()): string {
  return `provenant-${what}-${now.toISOString().slice(0, 10)}.csv`;
}

/** A CSV download (see fileResponse). */
export function csvAttachment(what: string, body: ReadableStream<Uint8Array>): Response {
  return fileResponse(body, { contentType: 'text/csv; charset=utf-8', fileName: exportFilename(what) });
}
