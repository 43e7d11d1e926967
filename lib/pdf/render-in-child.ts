import 'server-only';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { CardView } from '@/lib/cards/load-card';
import type { SystemCardExport } from '@/lib/cards/system-card-export';
import { DomainError, TooManyRequests, Unavailable } from '@/lib/errors';
import { takingTurns } from '@/lib/worker-threads';
import type { IncidentReportView } from './incident/incident-document';

/** A document to render; the job sent to the renderer carries an id as well. */
export type PdfRequest =
  | { kind: 'card'; view: CardView }
  | { kind: 'system-card'; card: SystemCardExport }
  | { kind: 'incident'; view: IncidentReportView };
export type PdfJob = PdfRequest & { id: number };
export type PdfAnswer = { id: number; ok: true; pdf: Uint8Array | null } | { id: number; ok: false; message: string };

/** Whole seconds from an environment variable, within bounds, or a clear error naming the variable. */
function seconds(name: string, fallback: number, max: number) {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be a whole number of seconds from 1 to ${max}, not ${JSON.stringify(raw)}`);
  return value;
}

/** How long one document may take, and how much memory its renderer may hold, before it is given up. */
const RENDER_SECONDS = seconds('PDF_RENDER_SECONDS', 60, 600);
const RENDER_HEAP_MB = 1024;
/** A renderer loads the sources (a few seconds, more on a busy machine); one that is not ready by then is killed. */
const START_SECONDS = 60;
/** Documents at once, the one being rendered included; more are refused rather than queued for minutes. */
const MAX_AT_ONCE = 8;

/** A document its renderer could not finish in time or in memory: its content is too large for a PDF. */
export class DocumentTooLarge extends DomainError {
  constructor(what: string) {
    super(`${what} is too large to render as a PDF here (more than ${RENDER_SECONDS} s or ${RENDER_HEAP_MB} MiB); download it in another format.`, 'too_large', 413);
  }
}

/** The renderer ended on its own (idle) just as a job reached it: the job is sent again to a new one. */
class RendererGone extends Error {}

type Renderer = { child: ChildProcess; ready: Promise<void> };
let renderer: Renderer | null = null;
let atOnce = 0;
let nextId = 1;
const oneAtATime = takingTurns(1);

/** Forgets the renderer (at once, not when its end is heard: no job may be sent to it) and ends it. */
function discard(started: Renderer) {
  if (renderer === started) renderer = null;
  started.child.kill('SIGKILL');
}

// A renderer must not outlive its server: it ignores SIGTERM (lib/cli/pack-runtime.mjs) and may be deep in a layout.
process.once('exit', () => renderer?.child.kill('SIGKILL'));

/** The renderer process, started on first use and again after it ended; `ready` once it has loaded the sources. */
function startRenderer(): Renderer {
  const root = process.cwd();
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${RENDER_HEAP_MB}`, '--import', path.join(/* turbopackIgnore: true */ root, 'lib', 'cli', 'pack-runtime.mjs'), '--import', 'tsx', path.join(/* turbopackIgnore: true */ root, 'lib', 'pdf', 'pdf-renderer-child.tsx')],
    { cwd: root, env: process.env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' },
  );
  const started: Renderer = { child, ready: Promise.resolve() };
  started.ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Unavailable(`The PDF renderer did not start within ${START_SECONDS} s; try again.`));
      discard(started);
    }, START_SECONDS * 1000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    // 'close' follows 'exit', and also a spawn that failed (which emits 'error' and never 'exit').
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      reject(new Unavailable(`The PDF renderer ended before it was ready (${signal ?? `exit code ${code}`}).`));
    });
  });
  started.ready.catch(() => undefined);
  // Every error of the process (a spawn that failed, a send on a closed channel) is its end, never the server's.
  child.on('error', (error) => {
    console.error('PDF renderer:', error.message);
    discard(started);
  });
  child.once('close', () => {
    if (renderer === started) renderer = null;
  });
  renderer = started;
  return started;
}

/** Why a renderer that ended mid-document ended: its heap (the document), on its own when idle, or something else. */
function endedWith(code: number | null, signal: NodeJS.Signals | null, what: string): Error {
  if (code === 0) return new RendererGone();
  if (signal === 'SIGABRT' || code === 134) return new DocumentTooLarge(what);
  return new Unavailable(`The PDF renderer stopped unexpectedly (${signal ?? `exit code ${code}`}); try again.`);
}

/** Sends one job and waits for its answer; a renderer that overruns is killed (and the next job starts another). */
async function render(job: PdfJob, what: string): Promise<Buffer> {
  const started = renderer ?? startRenderer();
  await started.ready;
  const { child } = started;
  return await new Promise<Buffer>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('close', onClose);
    };
    const fail = (error: Error) => {
      done();
      reject(error);
    };
    const onMessage = (answer: PdfAnswer) => {
      if (answer.id !== job.id) return;
      done();
      if (answer.ok && answer.pdf) resolve(Buffer.from(answer.pdf));
      else reject(new Error(answer.ok ? 'The PDF renderer answered without a document.' : answer.message));
    };
    const onClose = (code: number | null, signal: NodeJS.Signals | null) => fail(endedWith(code, signal, what));
    const timer = setTimeout(() => {
      fail(new DocumentTooLarge(what));
      discard(started);
    }, RENDER_SECONDS * 1000);
    child.on('message', onMessage);
    child.once('close', onClose);
    try {
      child.send(job, (error) => {
        if (error) fail(error);
      });
    } catch (error) {
      fail(error as Error);
    }
  });
}

/**
 * Renders a card or an incident report in the renderer process, one document at a time, so a document however large
 * never holds this server's event loop (a card with thousands of metrics took minutes). Beyond 8 at once, 429.
 */
export async function renderInChild(job: PdfRequest, what: string): Promise<Buffer> {
  if (atOnce >= MAX_AT_ONCE) throw new TooManyRequests('Too many PDFs are being rendered right now; try again in a minute.');
  atOnce++;
  try {
    return await oneAtATime(async () => {
      try {
        return await render({ ...job, id: nextId++ }, what);
      } catch (error) {
        if (error instanceof RendererGone) return await render({ ...job, id: nextId++ }, what);
        throw error;
      }
    });
  } finally {
    atOnce--;
  }
}
