import 'server-only';
import { renderToBuffer, type DocumentProps } from '@react-pdf/renderer';
import type { ReactElement } from 'react';
import { registerPdfFonts } from './fonts';

/** Renders a react-pdf <Document> (or a component returning one) to bytes with the repository's fonts registered. */
export async function renderPdfToBuffer(document: ReactElement): Promise<Buffer> {
  registerPdfFonts();
  return renderToBuffer(document as ReactElement<DocumentProps>);
}
