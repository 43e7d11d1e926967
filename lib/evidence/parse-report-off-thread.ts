import 'server-only';
import { Worker } from 'node:worker_threads';
import { Invalid, type FieldIssue } from '@/lib/errors';
import { takingTurns, workerExecArgv } from '@/lib/worker-threads';
import type { ParsedReport, ReportFormat } from './reports/report-types';

/** A report that takes longer than this to parse is refused: no honest tool output needs it, a hostile one might. */
export const PARSE_TIMEOUT_MS = 60_000;
/** Heap for one parse: a 64 MiB report parses in a few hundred MB; more means a hostile file, refused not crashed. */
const WORKER_HEAP_MB = 1024;

type Answer = { ok: true; report: ParsedReport } | { ok: false; refused: boolean; message: string; issues?: FieldIssue[] };

/** Parses running at once, the rest wait their turn: each holds a large heap for a while. */
const inTurn = takingTurns(2);

/**
 * Parses a staged report in a worker thread, so other users are served meanwhile. The parser's refusal comes back
 * as the same Invalid (400); a worker that crashes, runs out of heap or time is killed and refused too.
 */
export async function parseReportOffThread(path: string, format: ReportFormat | undefined, fileName?: string): Promise<ParsedReport> {
  return await inTurn(() => parseInWorker(path, format, fileName));
}

function parseInWorker(path: string, format: ReportFormat | undefined, fileName: string | undefined): Promise<ParsedReport> {
  const worker = new Worker(new URL('./parse-report.worker.ts', import.meta.url), {
    workerData: { path, format, fileName },
    execArgv: workerExecArgv(),
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Invalid('The report took too long to read; nothing was recorded.', [{ path: 'file', message: `Not parsed within ${PARSE_TIMEOUT_MS / 1000} s.` }]));
      void worker.terminate();
    }, PARSE_TIMEOUT_MS);
    const settle = () => clearTimeout(timer);
    worker.once('message', (answer: Answer) => {
      settle();
      if (answer.ok) resolve(answer.report);
      else if (answer.refused) reject(new Invalid(answer.message, answer.issues));
      else reject(new Error(`Report parser failed: ${answer.message}`));
    });
    worker.once('error', (error) => {
      settle();
      const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      reject(outOfMemory ? new Invalid('The report is too large to read; nothing was recorded.', [{ path: 'file', message: 'Parsing it ran out of memory.' }]) : error);
    });
    worker.once('exit', (code) => {
      settle();
      reject(new Error(`Report parser stopped (exit ${code}) without an answer.`));
    });
  });
}
