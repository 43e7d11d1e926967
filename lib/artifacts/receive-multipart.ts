import 'server-only';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { discardBlob, stageBlob, type StagedBlob } from './blob-store';

export type ReceivedUpload = { staged: StagedBlob | null; fileName: string | null; mediaType: string | null; fields: Record<string, string> };

/**
 * Streams a multipart body: the part named "file" goes straight to a hashed temporary file (never buffered),
 * small text fields are collected. On any failure the request stream is torn down and nothing is kept.
 */
export function receiveMultipart(body: ReadableStream<Uint8Array>, contentType: string, limitBytes: number): Promise<ReceivedUpload> {
  return new Promise((resolve, reject) => {
    const source = Readable.fromWeb(body as WebReadableStream<Uint8Array>);
    const parser = busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fields: 10, fieldSize: 4096 } });
    const fields: Record<string, string> = {};
    let staging: Promise<StagedBlob> | null = null;
    let fileName: string | null = null;
    let mediaType: string | null = null;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      source.unpipe(parser);
      source.destroy();
      parser.destroy();
      staging?.then(discardBlob, () => undefined);
      reject(error);
    };
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || staging) {
        stream.resume();
        return;
      }
      fileName = info.filename ?? null;
      mediaType = info.mimeType ?? null;
      staging = stageBlob(stream, limitBytes);
      staging.catch(fail);
    });
    parser.on('field', (name, value) => {
      fields[name] = value;
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
