import 'server-only';
import { renderToBuffer, type DocumentProps } from '@react-pdf/renderer';
import type { ReactElement } from 'react';
import { registerPdfFonts } from './fonts';

/**
 * Renders a react-pdf <Document> (or a component returning one) to bytes with the repository's fonts registered.
 * Works as is in Next route handlers (react-pdf is in Next's default serverExternalPackages) and in vitest; a tsx
 * script must load lib/cli/pack-runtime.mjs first and run without the react-server condition (see `npm run pack:run`).
 */
export async function renderPdfToBuffer(document: ReactElement): Promise<Buffer> {
  registerPdfFonts();
  return renderToBuffer(document as ReactElement<DocumentProps>);
}
