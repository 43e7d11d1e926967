import 'server-only';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { CardView } from '@/lib/cards/load-card';
import { DomainError, TooManyRequests } from '@/lib/errors';
import { takingTurns } from '@/lib/worker-threads';
import type { IncidentReportView } from './incident/incident-document';

export type PdfJob = { id: number; kind: 'card'; view: CardView } | { id: number; kind: 'incident'; view: IncidentReportView };
export type PdfAnswer = { id: number; ok: true; pdf: Uint8Array | null } | { id: number; ok: false; message: string };

/** How long one document may take, and how much memory its renderer may hold, before it is given up. */
const RENDER_SECONDS = Number(process.env.PDF_RENDER_SECONDS ?? 60);
const RENDER_HEAP_MB = 1024;
/** Documents waiting beyond the one being rendered; more are refused rather than queued for minutes. */
const MAX_WAITING = 8;

/** A document its renderer could not finish in time or in memory: its content is too large for a PDF. */
export class DocumentTooLarge extends DomainError {
  constructor(what: string) {
    super(`${what} is too large to render as a PDF here (more than ${RENDER_SECONDS} s or ${RENDER_HEAP_MB} MiB); download it in another format.`, 'too_large', 413);
  }
}

/** The renderer ended on its own (idle) just as a job reached it: the job is sent again to a new one. */
class RendererGone extends Error {}

let renderer: { child: ChildProcess; ready: Promise<void> } | null = null;
let waiting = 0;
let nextId = 1;
const oneAtATime = takingTurns(1);

/** The renderer process, started on first use (a few seconds: it loads the sources) and again after it ended. */
function startRenderer() {
  const root = process.cwd();
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${RENDER_HEAP_MB}`, '--import', path.join(/* turbopackIgnore: true */ root, 'lib', 'cli', 'pack-runtime.mjs'), '--import', 'tsx', path.join(/* turbopackIgnore: true */ root, 'lib', 'pdf', 'pdf-renderer-child.tsx')],
    { cwd: root, env: process.env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' },
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code, signal) => reject(new Error(`The PDF renderer ended before it was ready (${signal ?? `exit code ${code}`}).`)));
    child.once('error', reject);
  });
  ready.catch(() => undefined);
  const started = { child, ready };
  child.once('exit', () => {
    if (renderer === started) renderer = null;
  });
  renderer = started;
  return started;
}

/** Sends one job and waits for its answer; a renderer that overruns is killed (and the next job starts another). */
async function render(job: PdfJob, what: string): Promise<Buffer> {
  const { child, ready } = renderer ?? startRenderer();
  await ready;
  return await new Promise<Buffer>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (answer: PdfAnswer) => {
      if (answer.id !== job.id) return;
      done();
      if (answer.ok && answer.pdf) resolve(Buffer.from(answer.pdf));
      else reject(new Error(answer.ok ? 'The PDF renderer answered without a document.' : answer.message));
    };
    const onExit = (code: number | null) => {
      done();
      // Exit code 0: it had just ended, idle, as the job reached it (the caller starts another); else it died of the document.
      reject(code === 0 ? new RendererGone() : new DocumentTooLarge(what));
    };
    const timer = setTimeout(() => {
      done();
      // Forgotten at once, not when its exit is heard: the next job must not be sent to it.
      if (renderer?.child === child) renderer = null;
      child.kill('SIGKILL');
      reject(new DocumentTooLarge(what));
    }, RENDER_SECONDS * 1000);
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(job);
  });
}

/**
 * Renders a card or an incident report in the renderer process, one document at a time, so a document however large
 * never holds this server's event loop (a card with thousands of metrics took minutes). Beyond a few waiting, 429.
 */
export async function renderInChild(job: Omit<PdfJob, 'id'>, what: string): Promise<Buffer> {
  if (waiting >= MAX_WAITING) throw new TooManyRequests('Too many PDFs are being rendered right now; try again in a minute.');
  waiting++;
  try {
    return await oneAtATime(async () => {
      try {
        return await render({ ...job, id: nextId++ } as PdfJob, what);
      } catch (error) {
        if (error instanceof RendererGone) return await render({ ...job, id: nextId++ } as PdfJob, what);
        throw error;
      }
    });
  } finally {
    waiting--;
  }
}
