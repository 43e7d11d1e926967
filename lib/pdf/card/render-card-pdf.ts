import 'server-only';
import type { CardView } from '@/lib/cards/load-card';
import type { SystemCardExport } from '@/lib/cards/system-card-export';
import { renderInChild } from '../render-in-child';

/** The AI Card as PDF bytes, rendered off this server's event loop. */
export function renderCardPdf(view: CardView): Promise<Buffer> {
  return renderInChild({ kind: 'card', view }, 'This AI Card');
}

/** The system-level AI Card as PDF bytes, rendered off this server's event loop. */
export function renderSystemCardPdf(card: SystemCardExport): Promise<Buffer> {
  return renderInChild({ kind: 'system-card', card }, 'This system AI Card');
}
