import { Invalid, type FieldIssue } from '@/lib/errors';

/**
 * Bounds of what one lineage report may carry. A 10,000-input event once held the server for 4.5 s; each new
 * dataset costs ~0.3-0.6 ms of writes (two audited records), so a request may name 500 distinct datasets
 * (`npm run bench` with BENCH_BOUNDS=only measures what the largest one does to other requests).
 */
export const LINEAGE_LIMITS = {
  /** Inputs, and separately outputs, of one OpenLineage event and of one run over all its reports. */
  datasetsPerSide: 500,
  /** Distinct datasets (inputs plus outputs) over all events of one request, a single event included. */
  datasetsPerRequest: 500,
  /** Serialized facets of one event (run, job and every dataset's), and of one run merged over its events. */
  facetBytesPerEvent: 256 * 1024,
  facetBytesPerRun: 1024 * 1024,
  /** Free-form JSON (run parameters, facets) nests no deeper than this; real facets stay under ten. */
  jsonDepth: 32,
  parameterBytes: 64 * 1024,
  /** Names kept as columns, whichever way they arrive (the REST forms or OpenLineage events). */
  runIdChars: 200,
  nameChars: 300,
  versionChars: 100,
  codeRepositoryChars: 500,
  codeCommitChars: 100,
  /** Each field of the jobType facet (Airflow, TASK, BATCH): a label on every runs-list row. */
  jobTypeChars: 100,
} as const;

/** The nesting depth of a JSON value, walked without recursion and stopping once past `limit`. */
export function jsonDepth(value: unknown, limit: number = LINEAGE_LIMITS.jsonDepth): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > deepest && (deepest = depth + 1) > limit) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return deepest;
}

export const jsonBytes = (value: unknown) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8'));

/** Issues for free-form JSON at `path` that is deeper or larger than allowed. */
export function freeJsonIssues(value: unknown, path: string, maxBytes: number): FieldIssue[] {
  if (value === undefined) return [];
  const issues: FieldIssue[] = [];
  if (jsonDepth(value) > LINEAGE_LIMITS.jsonDepth) issues.push({ path, message: `Nested deeper than ${LINEAGE_LIMITS.jsonDepth} levels.` });
  const bytes = jsonBytes(value);
  if (bytes > maxBytes) issues.push({ path, message: `${bytes} bytes of JSON; at most ${maxBytes}.` });
  return issues;
}

export function assertWithin(issues: FieldIssue[], what: string) {
  if (issues.length > 0) throw new Invalid(`${what} is over a limit; nothing was recorded.`, issues);
}
