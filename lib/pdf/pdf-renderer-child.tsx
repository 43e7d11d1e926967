// The PDF renderer process (started by lib/pdf/render-in-child.ts with lib/cli/pack-runtime.mjs and tsx, as the
// evidence-pack generator is): react-pdf lays out text on the CPU for as long as a document takes, and memory grows
// with it, so a server never renders a card or a report on its own event loop. One document at a time; it exits when
// its server goes (the IPC channel closes) or after a while with nothing to do.
import { createElement } from 'react';
import { CardDocument } from './card/card-document';
import { SystemCardDocument } from './card/system-card-document';
import { IncidentDocument } from './incident/incident-document';
import { renderPdfToBuffer } from './render-pdf';
import type { PdfJob, PdfAnswer } from './render-in-child';

const IDLE_EXIT_MS = 10 * 60_000;
let idle: NodeJS.Timeout | undefined;
const exitWhenIdle = () => {
  clearTimeout(idle);
  idle = setTimeout(() => process.exit(0), IDLE_EXIT_MS);
};

function documentOf(job: PdfJob) {
  switch (job.kind) {
    case 'card':
      return createElement(CardDocument, { view: job.view });
    case 'system-card':
      return createElement(SystemCardDocument, { card: job.card });
    case 'incident':
      return createElement(IncidentDocument, { view: job.view });
  }
}

process.on('disconnect', () => process.exit(0));
process.on('message', (job: PdfJob) => {
  clearTimeout(idle);
  renderPdfToBuffer(documentOf(job)).then(
    (pdf) => process.send!({ id: job.id, ok: true, pdf } satisfies PdfAnswer),
    (error: unknown) => process.send!({ id: job.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies PdfAnswer),
  ).finally(exitWhenIdle);
});
exitWhenIdle();
process.send!({ id: 0, ok: true, pdf: null } satisfies PdfAnswer);
