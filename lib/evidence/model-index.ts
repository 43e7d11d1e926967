import { parse } from 'yaml';
import type { ModelIndexSource } from '@/db/schema';
import { Invalid, TooLarge, type FieldIssue } from '@/lib/errors';
import { illFormedInputIssues } from '@/lib/http/well-formed';

/**
 * Bounds of one import, all on the event loop: the YAML parser reads about 1 MB/s on a busy machine, so 32 KiB
 * (real cards' front matter is 1-10 KiB) keeps the parse within a few tens of milliseconds; JSON parses far faster.
 */
export const MODEL_INDEX_LIMITS = { sourceBytes: 32 * 1024, results: 100, metrics: 500 } as const;

export type ImportedMetric = { name: string; metricType: string; value: number; unit: string | null; verified: boolean | null };
/** `source` is the result's task and dataset as the card named them, kept so an export gives them back. */
export type ModelIndexResult = { summary: string; source: ModelIndexSource | null; metrics: ImportedMetric[] };

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const PERCENT = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s?%$/;
const MAX_TEXT = 200;

/** The YAML front matter of a model card, or the whole content when it is the model-index itself. */
function sourceOf(content: string): string {
  const trimmed = content.trimStart();
  if (!trimmed.startsWith('---')) return content;
  const end = trimmed.search(/\n---[ \t]*(\r?\n|$)/);
  // Without a closing line, the "---" opens a plain YAML document.
  return end < 0 ? content : trimmed.slice(trimmed.indexOf('\n') + 1, end + 1);
}

function parseDocument(source: string): unknown {
  const text = source.trim();
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {} // flow-style YAML also starts so; the YAML parser reads it and names the error
  }
  try {
    return parse(source, { maxAliasCount: 50 });
  } catch (error) {
    throw new Invalid('The content is neither YAML nor JSON.', [{ path: 'content', message: (error as Error).message.split('\n')[0]! }]);
  }
}

/**
 * The card's model-index as parsed data. The request body was checked for ill-formed text, but `content` is a
 * document of its own: its escapes ("\\ud800" in JSON, "\\0" in YAML) make lone surrogates and NULs only now.
 */
export function readModelCardDocument(content: string): unknown {
  const source = sourceOf(content);
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > MODEL_INDEX_LIMITS.sourceBytes) throw new TooLarge(MODEL_INDEX_LIMITS.sourceBytes, `The model-index (${bytes} bytes of YAML or JSON)`);
  const document = parseDocument(source);
  const issues = illFormedInputIssues(document, { finite: false }); // YAML's .nan and .inf: the reader names the metric they stand for
  if (issues.length > 0) throw new Invalid('The model-index holds text that cannot be accepted; nothing was imported.', issues.map((i) => ({ ...i, path: i.path ? `content.${i.path}` : 'content' })));
  return document;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(raw: unknown): string {
  if (raw === null || raw === undefined) return 'is missing (null)';
  if (typeof raw === 'boolean') return `is ${raw}, a yes/no, not a number`;
  if (Array.isArray(raw)) return 'is a list, not a number';
  if (typeof raw === 'object') return 'is a mapping, not a number (a template placeholder such as {wer_result_on_test}?)';
  if (typeof raw === 'number') return `is ${raw}, not a finite number`;
  const text = String(raw);
  if (text.trim() === '') return 'is empty';
  return `${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)} is not a number`;
}

/** A finite number, a numeric string, or a percentage string (kept in "%"); anything else is an error message. */
export function readMetricValue(raw: unknown): { value: number; unit: string | null } | string {
  if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw, unit: null } : describe(raw);
  if (typeof raw !== 'string') return describe(raw);
  const text = raw.trim();
  const percent = PERCENT.exec(text);
  const value = NUMBER.test(text) ? Number(text) : percent ? Number(percent[1]) : Number.NaN;
  return Number.isFinite(value) ? { value, unit: percent ? '%' : null } : describe(raw);
}

/** An optional label: a string or a number (a dataset config such as 2022), within bounds. */
function label(value: unknown, path: string, issues: FieldIssue[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if ((typeof value === 'string' || typeof value === 'number') && String(value).length <= MAX_TEXT) return String(value);
  issues.push({ path, message: `Expected a text of at most ${MAX_TEXT} characters.` });
  return undefined;
}

function readMetric(raw: unknown, path: string, issues: FieldIssue[]): ImportedMetric | null {
  if (!isRecord(raw)) {
    issues.push({ path, message: 'Expected a metric { type, value, name?, verified? }.' });
    return null;
  }
  const before = issues.length;
  const metricType = label(raw.type, `${path}.type`, issues);
  if (!metricType?.trim() && issues.length === before) issues.push({ path: `${path}.type`, message: 'Every metric needs its type (e.g. wer, accuracy).' });
  const name = label(raw.name, `${path}.name`, issues);
  const read = readMetricValue(raw.value);
  if (typeof read === 'string') issues.push({ path: `${path}.value`, message: `The value ${read}.` });
  if (raw.verified !== undefined && typeof raw.verified !== 'boolean') issues.push({ path: `${path}.verified`, message: 'Expected true or false.' });
  if (issues.length > before || typeof read === 'string') return null;
  return { name: name?.trim() || metricType!, metricType: metricType!, ...read, verified: typeof raw.verified === 'boolean' ? raw.verified : null };
}

/** The result's label for people, and its task and dataset as the card named them (no task type: nothing to give back). */
function describeResult(entryName: string | undefined, result: Record<string, unknown>, path: string, issues: FieldIssue[]) {
  const task = isRecord(result.task) ? result.task : {};
  const dataset = isRecord(result.dataset) ? result.dataset : undefined;
  const taskType = label(task.type, `${path}.task.type`, issues);
  const taskName = label(task.name, `${path}.task.name`, issues);
  const at = (key: string) => (dataset ? label(dataset[key], `${path}.dataset.${key}`, issues) : undefined);
  const [datasetType, datasetName, config, split, revision] = ['type', 'name', 'config', 'split', 'revision'].map(at);
  const datasetLabel = datasetName ?? datasetType;
  const summary = `${entryName ? `${entryName}: ` : ''}${taskName ?? taskType ?? 'evaluation'}${datasetLabel ? ` on ${datasetLabel}${split ? ` (${split})` : ''}` : ''}`;
  const optional = (entries: Record<string, string | undefined>) => Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
  const source: ModelIndexSource | null = taskType
    ? {
        task: { type: taskType, ...optional({ name: taskName }) },
        ...(datasetLabel ? { dataset: { type: datasetType ?? datasetLabel, name: datasetLabel, ...optional({ config, split, revision }) } } : {}),
      }
    : null;
  return { summary, source };
}

function tooMany(what: string, count: number, limit: number): never {
  throw new Invalid(`The model-index has ${count} ${what}; an import takes at most ${limit}. Nothing was stored: split the card.`, [{ path: 'content', message: `At most ${limit} ${what} per import.` }]);
}

/**
 * Each result (task × dataset) becomes one piece of performance evidence. All or nothing: every metric must be
 * read faithfully, else the import is refused with one issue per unreadable field, paths as in the card.
 */
export function parseModelIndex(content: string): ModelIndexResult[] {
  return parseModelIndexDocument(readModelCardDocument(content));
}

/** parseModelIndex on a card already read (the import also reads the card's metadata from it). */
export function parseModelIndexDocument(document: unknown): ModelIndexResult[] {
  const index = Array.isArray(document) ? document : isRecord(document) ? document['model-index'] : undefined;
  if (!Array.isArray(index) || index.length === 0) {
    throw new Invalid('No model-index found.', [{ path: 'content', message: 'Expected "model-index": a list of { name, results: [{ task, dataset, metrics: [{ type, value }] }] }.' }]);
  }
  const issues: FieldIssue[] = [];
  const parsed: ModelIndexResult[] = [];
  let [resultCount, metricCount] = [0, 0];
  index.forEach((entry, e) => {
    const path = `model-index.${e}`;
    if (!isRecord(entry) || !Array.isArray(entry.results)) return void issues.push({ path: `${path}.results`, message: 'Expected a list of results.' });
    if ((resultCount += entry.results.length) > MODEL_INDEX_LIMITS.results) tooMany('results', resultCount, MODEL_INDEX_LIMITS.results);
    const entryName = label(entry.name, `${path}.name`, issues);
    entry.results.forEach((result: unknown, r: number) => {
      const at = `${path}.results.${r}`;
      if (!isRecord(result) || !Array.isArray(result.metrics) || result.metrics.length === 0) return void issues.push({ path: `${at}.metrics`, message: 'Expected a non-empty list of metrics.' });
      if ((metricCount += result.metrics.length) > MODEL_INDEX_LIMITS.metrics) tooMany('metrics', metricCount, MODEL_INDEX_LIMITS.metrics);
      const { summary, source } = describeResult(entryName, result, at, issues);
      const metrics = result.metrics.map((m: unknown, i: number) => readMetric(m, `${at}.metrics.${i}`, issues));
      parsed.push({ summary, source, metrics: metrics.filter((m): m is ImportedMetric => m !== null) });
    });
  });
  if (issues.length > 0) throw new Invalid(`Nothing was imported: ${issues.length} field${issues.length === 1 ? '' : 's'} of the model-index could not be read.`, issues);
  if (parsed.length === 0) throw new Invalid('The model-index has no results.', [{ path: 'model-index.0.results', message: 'Expected at least one result with metrics.' }]);
  return parsed;
}
