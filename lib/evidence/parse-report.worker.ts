// Runs in a worker thread (see parse-report-off-thread.ts): reads a staged report from disk and parses it, so a
// 50 MB SARIF never holds the server's event loop. No database, no `server-only`: the parsers are pure.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Invalid } from '@/lib/errors';
import { parseToolReport, type ReportFormat } from './reports/report-types';

const { path, format, fileName } = workerData as { path: string; format?: ReportFormat; fileName?: string };
try {
  parentPort!.postMessage({ ok: true, report: parseToolReport(fs.readFileSync(path), format, fileName) });
} catch (error) {
  const refused = error instanceof Invalid;
  parentPort!.postMessage({ ok: false, refused, message: (error as Error | null)?.message ?? String(error), issues: refused ? error.issues : undefined });
}
