// @ts-check
import { readFileSync } from 'node:fs';
import { CliError, EXIT } from '../exit.mjs';
import { regularFile } from '../files.mjs';
import { plural } from '../io.mjs';

/** Below the server's batch limits (1,000 events, 8 MiB), with room for what JSON escaping adds. */
const BATCH_EVENTS = 500;
const BATCH_BYTES = 6 * 1024 * 1024;
/** Read whole before anything is sent, so a broken line stops the run before the first event lands. */
const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/**
 * One event, an array of events, or NDJSON (one event a line, as the OpenLineage file transport writes).
 * @param {string} text
 * @returns {{ events: unknown[], single: boolean }}
 */
export function parseEvents(text) {
  const trimmed = text.trim();
  if (!trimmed) throw new CliError('The lineage input is empty: give one OpenLineage event, a JSON array of them, or one event a line.');
  try {
    const value = JSON.parse(trimmed);
    return Array.isArray(value) ? { events: value, single: false } : { events: [value], single: true };
  } catch {
    const events = [];
    for (const [index, line] of trimmed.split(/\r?\n/).entries()) {
      if (!line.trim()) continue;
      try {
        events.push(JSON.parse(line));
      } catch (error) {
        throw new CliError(`Line ${index + 1} is not JSON (${/** @type {Error} */ (error).message}); nothing was sent.`);
      }
    }
    return { events, single: false };
  }
}

/** @param {string} source a path, or - for stdin */
function readInput(source) {
  if (source !== '-') {
    const file = regularFile(source, 'lineage');
    if (file.size > MAX_INPUT_BYTES) throw new CliError(`${source} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB: split it.`);
  }
  return readFileSync(source === '-' ? 0 : source, 'utf8');
}

/** @param {unknown[]} events */
function* batches(events) {
  let start = 0;
  while (start < events.length) {
    let end = start;
    let bytes = 2;
    while (end < events.length && end - start < BATCH_EVENTS) {
      const size = Buffer.byteLength(JSON.stringify(events[end])) + 1;
      if (end > start && bytes + size > BATCH_BYTES) break;
      bytes += size;
      end += 1;
    }
    yield { start, events: events.slice(start, end) };
    start = end;
  }
}

/**
 * The per-event answer: `items[i].status` when the server answers per event; a refusal of the whole request
 * (400, 409) rejects every event it carried, with the server's issues.
 * @param {{ status: number, body: any }} answer
 * @param {number} start
 * @param {number} count
 */
function resultsOf(answer, start, count) {
  if (answer.status === 400 || answer.status === 409) {
    const issues = (answer.body?.error?.issues ?? []).map((/** @type {any} */ i) => `${i.path ? `${i.path}: ` : ''}${i.message}`);
    return Array.from({ length: count }, (_, i) => ({ index: start + i, status: 'rejected', issues: [answer.body?.error?.message ?? `HTTP ${answer.status}`, ...issues], warnings: [] }));
  }
  const items = Array.isArray(answer.body?.items) ? answer.body.items : [answer.body];
  return items.map((/** @type {any} */ item, /** @type {number} */ i) => ({ ...item, index: start + (Number.isInteger(item?.index) ? item.index : i), status: item?.status ?? 'accepted', issues: item?.issues ?? [], warnings: item?.warnings ?? [] }));
}

/** @param {any} issue */
const issueText = (issue) => (typeof issue === 'string' ? issue : `${issue.path ? `${issue.path}: ` : ''}${issue.message}`);

/**
 * `provenant lineage`: sends OpenLineage events in batches and reports each one; exit 1 when any was rejected.
 * @param {import('../client.mjs').Client} client
 * @param {Record<string, any>} options
 * @param {import('../io.mjs').Io} io
 */
export async function lineage(client, options, io) {
  const { events, single } = parseEvents(readInput(options.file));
  /** @type {any[]} */
  const results = [];
  for (const batch of single ? [{ start: 0, events }] : batches(events)) {
    const answer = await client.request('POST', '/lineage', { json: single ? batch.events[0] : batch.events, scope: 'lineage:write', accept: [400, 409] });
    results.push(...resultsOf(answer, batch.start, batch.events.length));
  }
  const rejected = results.filter((r) => r.status === 'rejected');
  io.result({ items: results }, () => [`${plural(results.length - rejected.length, 'event')} accepted, ${rejected.length} rejected.`]);
  for (const r of results) {
    for (const w of r.warnings) io.err(`event ${r.index}: warning: ${issueText(w)}`);
    if (r.status === 'rejected') io.err(`event ${r.index}: rejected: ${r.issues.map(issueText).join('; ') || 'no reason given'}`);
  }
  return rejected.length ? EXIT.no : EXIT.ok;
}
