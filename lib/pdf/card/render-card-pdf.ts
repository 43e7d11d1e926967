import 'server-only';
import { createElement } from 'react';
import type { CardView } from '@/lib/cards/load-card';
import { renderPdfToBuffer } from '../render-pdf';
import { CardDocument } from './card-document';

/** The AI Card as PDF bytes. */
export function renderCardPdf(view: CardView): Promise<Buffer> {
  return renderPdfToBuffer(createElement(CardDocument, { view }));
}
