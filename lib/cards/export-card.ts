import 'server-only';
import { fileResponse } from '@/lib/http/file-response';
import type { Actor } from '@/lib/auth/actor';
import { renderCardPdf } from '@/lib/pdf/card/render-card-pdf';
import { toCardExport } from './card-export';
import { loadCard, type CardView } from './load-card';
import { renderCardCycloneDx } from './render-cyclonedx';
import { renderCardMarkdown } from './render-markdown';
import type { CardFormat, CardQuery } from './schemas';

export type CardFile = { body: string | Buffer; contentType: string; fileName: string };

const EXTENSIONS: Record<CardFormat, string> = { json: 'json', md: 'md', pdf: 'pdf', cyclonedx: 'cdx.json' };

/** `credit-scorer-2.1.0-ai-card-1a2b3c4d.pdf`: model, version and the first digest characters, safe for any file system. */
function cardFileName(view: CardView, format: CardFormat) {
  const slug = `${view.content.model.name}-${view.content.version.version}`.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return `${slug || 'model'}-ai-card-${view.sha256.slice(0, 8)}.${EXTENSIONS[format]}`;
}

async function render(view: CardView, format: CardFormat): Promise<Omit<CardFile, 'fileName'>> {
  switch (format) {
    case 'json':
      return { body: `${JSON.stringify(toCardExport(view), null, 2)}\n`, contentType: 'application/json; charset=utf-8' };
    case 'md':
      return { body: renderCardMarkdown(view), contentType: 'text/markdown; charset=utf-8' };
    case 'cyclonedx':
      return { body: `${JSON.stringify(renderCardCycloneDx(view), null, 2)}\n`, contentType: 'application/vnd.cyclonedx+json; version=1.6' };
    case 'pdf':
      return { body: await renderCardPdf(view), contentType: 'application/pdf' };
  }
}

/** The file of a loaded card; the attestation signs exactly these bytes. */
export async function cardFileOf(view: CardView, format: CardFormat): Promise<CardFile> {
  return { ...(await render(view, format)), fileName: cardFileName(view, format) };
}

/** The AI Card of a model version in one of its export formats; anyone who may read the inventory may export it. */
export async function exportCard(actor: Actor, versionId: string, query: CardQuery): Promise<CardFile> {
  return cardFileOf(await loadCard(actor, versionId, { view: query.view, requestId: query.request }), query.format);
}

/** A card file as the HTTP answer: a download in every format, as every file the server hands out. */
export function cardFileResponse(file: CardFile): Response {
  return fileResponse(new Uint8Array(typeof file.body === 'string' ? Buffer.from(file.body) : file.body), { contentType: file.contentType, fileName: file.fileName });
}
