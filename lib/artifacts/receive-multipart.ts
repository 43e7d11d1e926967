import 'server-only';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { DomainError, Invalid, TooLarge } from '@/lib/errors';
import { discardLimitsFor, discardRest } from '@/lib/http/discard-rest';
import { textProblem } from '@/lib/http/well-formed';
import { discardBlob, stageBlob, type StagedBlob } from '@/lib/storage/blob-store/stage-blob';

export type ReceivedUpload = { staged: StagedBlob | null; fileName: string | null; mediaType: string | null; fields: Record<string, string> };

/** Busboy's and the stream's errors mean a malformed or cut-off body; ours (TooLarge) and the disk's (ENOSPC) pass through. */
function asClientError(error: unknown) {
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof DomainError || (typeof code === 'string' && !code.startsWith('ERR_'))) return error;
  return new Invalid(`The multipart body is malformed or cut short: ${(error as Error | null)?.message ?? 'unreadable'}.`);
}

function openParser(contentType: string) {
  try {
    return busboy({ headers: { 'content-type': contentType }, defParamCharset: 'utf8', limits: { files: 1, fields: 10, fieldSize: 4096 } });
  } catch (error) {
    throw new Invalid(`The multipart body cannot be read: ${(error as Error).message}.`, [{ path: 'file', message: 'Send multipart/form-data with a boundary.' }]);
  }
}

/**
 * Streams a multipart body: the part named "file" goes straight to a hashed temporary file (never buffered),
 * small text fields are collected. On any failure the rest of the body is read and dropped (see discardRest), the
 * temporary file removed before the promise rejects, and nothing is kept.
 */
export function receiveMultipart(body: ReadableStream<Uint8Array>, contentType: string, limitBytes: number): Promise<ReceivedUpload> {
  const parser = openParser(contentType);
  return new Promise((resolve, reject) => {
    const source = Readable.fromWeb(body as WebReadableStream<Uint8Array>);
    const fields: Record<string, string> = {};
    let filePart: { source: Readable; copy: Transform } | null = null;
    let staging: Promise<StagedBlob> | null = null;
    let fileName: string | null = null;
    let mediaType: string | null = null;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      const refusal = asClientError(error);
      source.unpipe(parser);
      const rest = source[Symbol.asyncIterator]();
      discardRest(() => rest.next(), () => source.destroy(), discardLimitsFor(limitBytes));
      parser.destroy();
      // End the copy cleanly: staging then finishes and closes its file before discardBlob removes it (an errored
      // stream would make it remove the file while the file may still be opening, leaving it behind).
      filePart?.source.unpipe(filePart.copy);
      if (filePart && !filePart.copy.destroyed) filePart.copy.end();
      const removed = staging ? staging.then(discardBlob, () => undefined) : Promise.resolve();
      void removed.then(() => reject(refusal));
    };
    parser.on('file', (name, stream, info) => {
      stream.on('error', () => undefined); // busboy fails a cut-off part's stream too; `fail` already reports it
      if (name !== 'file' || staging) {
        stream.resume();
        return;
      }
      const problem = info.filename ? textProblem(info.filename) : null;
      if (problem) return fail(new Invalid('The file name cannot be accepted.', [{ path: 'file', message: `The file name ${problem}.` }]));
      fileName = info.filename ?? null;
      mediaType = info.mimeType ?? null;
      // Staged from a counted copy, so neither busboy's errors on a cut-off part nor the size limit ever error the
      // stream being written: it always ends cleanly, and a refused upload is removed once its file is closed.
      let size = 0;
      const copy = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (size <= limitBytes) return done(null, chunk);
          done();
          fail(new TooLarge(limitBytes));
        },
      });
      filePart = { source: stream, copy };
      stream.pipe(filePart.copy);
      staging = stageBlob(filePart.copy, limitBytes);
      staging.catch(fail);
    });
    parser.on('field', (name, value) => {
      const problem = textProblem(name) ?? textProblem(value);
      if (problem) fail(new Invalid('A form field cannot be accepted.', [{ path: name.toWellFormed(), message: `The field ${problem}.` }]));
      else fields[name] = value;
    });
    parser.on('error', fail);
    source.on('error', fail);
    parser.on('close', () => {
      (staging ?? Promise.resolve(null)).then((staged) => {
        if (settled) {
          if (staged) discardBlob(staged);
          return;
        }
        settled = true;
        resolve({ staged, fileName, mediaType, fields });
      }, fail);
    });
    source.pipe(parser);
  });
}
