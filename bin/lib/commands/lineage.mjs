// @ts-check
import { readFileSync } from 'node:fs';
import { describeRefusal } from '../client.mjs';
import { CliError, EXIT } from '../exit.mjs';
import { regularFile } from '../files.mjs';
import { plural } from '../io.mjs';
import { arrayOf, either, equals, number, object, optional } from '../shape.mjs';

const eventStatus = either(equals('accepted'), equals('duplicate'), equals('rejected'));
/** One event's answer (201/200), or a batch's with one item per event. */
const lineageShape = either(object({ status: eventStatus }), object({ items: arrayOf(object({ index: optional(number), status: eventStatus })) }));

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

/** @param {any} issue */
const issueText = (issue) => (typeof issue === 'string' ? issue : `${issue.path ? `${issue.path}: ` : ''}${issue.message}`);

/**
 * The per-event answer: `items[i]` when the server answers per event (also when it refused them all); a refusal
 * without items rejects every event the request carried. A 403 without items is the token's scope: exit 2.
 * @param {{ status: number, body: any }} answer
 * @param {number} start
 * @param {number} count
 * @param {string} where
 */
function resultsOf(answer, start, count, where) {
  const { status, body } = answer;
  if (status >= 400 && !Array.isArray(body?.items)) {
    if (status === 403) throw new CliError(describeRefusal(status, body, 'lineage:write', where));
    const issues = (body?.error?.issues ?? []).map(issueText);
    return Array.from({ length: count }, (_, i) => ({ index: start + i, status: 'rejected', issues: [body?.error?.message ?? `HTTP ${status}`, ...issues], warnings: [] }));
  }
  const items = Array.isArray(body?.items) ? body.items : [body];
  return items.map((/** @type {any} */ item, /** @type {number} */ i) => ({
    index: start + (Number.isInteger(item?.index) ? item.index : i),
    status: item?.status ?? 'accepted',
    issues: [...(item?.message ? [item.message] : []), ...(item?.issues ?? []).map(issueText)],
    warnings: (item?.warnings ?? []).map(issueText),
  }));
}

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
    const answer = await client.request('POST', '/lineage', { json: single ? batch.events[0] : batch.events, scope: 'lineage:write', accept: [400, 403, 409], shape: lineageShape });
    results.push(...resultsOf(answer, batch.start, batch.events.length, 'POST /api/v1/lineage'));
  }
  const rejected = results.filter((r) => r.status === 'rejected');
  const replays = results.filter((r) => r.status === 'duplicate').length;
  const accepted = results.length - rejected.length - replays;
  io.result({ items: results }, () => [`${plural(accepted, 'event')} accepted, ${replays ? `${replays} already recorded (exact replays), ` : ''}${rejected.length} rejected.`]);
  for (const r of results) {
    for (const w of r.warnings) io.err(`event ${r.index}: warning: ${w}`);
    if (r.status === 'rejected') io.err(`event ${r.index}: rejected: ${r.issues.join('; ') || 'no reason given'}`);
  }
  return rejected.length ? EXIT.no : EXIT.ok;
}
