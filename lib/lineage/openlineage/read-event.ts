import 'server-only';
import { createHash } from 'node:crypto';
import { EARLIEST_CLAIMED_MESSAGE, isAheadOfClock, isBeforeRecords } from '@/lib/clock-skew';
import { Invalid, type FieldIssue } from '@/lib/errors';
import { assertWithin, freeJsonIssues, LINEAGE_LIMITS } from '../bounds';
import type { OlDataset } from './resolve-dataset';
import { producerTime } from './producer-time';
import { validateRunEvent } from './validate-event';

export type RunEvent = {
  eventType?: string;
  eventTime: string;
  run: { runId: string; facets?: Record<string, unknown> };
  job: { namespace: string; name: string; facets?: Record<string, unknown> };
  inputs?: OlDataset[];
  outputs?: OlDataset[];
  producer: string;
};

/**
 * An event read and checked, nothing written yet: its UTC time, the SHA-256 of its JSON as sent (an exact replay is
 * the same JSON; key order kept, since sorting every key cost more than validating the event), and warnings.
 */
export type ReadEvent = { event: RunEvent; time: string; sha256: string; warnings: FieldIssue[] };

/** Producers send times without a zone (the Python client does); they are read as UTC. No run happens in the future. */
function utc(time: string, now: Date): string {
  const date = producerTime(time);
  if (!date) throw new Invalid('The eventTime is not a date-time.', [{ path: 'eventTime', message: 'Use ISO 8601 with a real calendar day, e.g. 2026-11-21T10:00:00Z.' }]);
  if (isAheadOfClock(date, now)) throw new Invalid('The eventTime is in the future; nothing was recorded.', [{ path: 'eventTime', message: `Later than the server's clock (${now.toISOString()}) by more than five minutes.` }]);
  if (isBeforeRecords(date)) throw new Invalid('The eventTime is too long ago; nothing was recorded.', [{ path: 'eventTime', message: EARLIEST_CLAIMED_MESSAGE }]);
  return date.toISOString();
}

type Loose = { run?: { facets?: unknown }; job?: { facets?: unknown }; inputs?: unknown; outputs?: unknown };

/** Counts and sizes first, in linear time, so an oversized event is refused before schema validation walks it. */
function boundsIssues(body: unknown): FieldIssue[] {
  if (body === null || typeof body !== 'object') return [];
  const event = body as Loose;
  const issues: FieldIssue[] = [];
  for (const side of ['inputs', 'outputs'] as const) {
    const list = event[side];
    if (Array.isArray(list) && list.length > LINEAGE_LIMITS.datasetsPerSide) issues.push({ path: side, message: `${list.length} ${side}; at most ${LINEAGE_LIMITS.datasetsPerSide} per event.` });
  }
  if (issues.length > 0) return issues;
  const datasetFacets = (side: 'inputs' | 'outputs') => (Array.isArray(event[side]) ? (event[side] as Record<string, unknown>[]).map((d) => [d?.facets, d?.inputFacets, d?.outputFacets]) : []);
  const facets = { run: event.run?.facets, job: event.job?.facets, inputs: datasetFacets('inputs'), outputs: datasetFacets('outputs') };
  issues.push(...freeJsonIssues(facets, 'facets', LINEAGE_LIMITS.facetBytesPerEvent));
  return issues;
}

type Named = { namespace?: unknown; name?: unknown };
type LooseDataset = Named & { facets?: { version?: { datasetVersion?: unknown }; symlinks?: { identifiers?: unknown } } };

/**
 * Names and labels become columns and page text, so they are held to the lengths the REST forms allow: a 3 MB job
 * name is a 400 here too, not a run every lineage page then carries.
 */
function lengthIssues(body: unknown): FieldIssue[] {
  if (body === null || typeof body !== 'object') return [];
  const issues: FieldIssue[] = [];
  const check = (value: unknown, path: string, max: number) => {
    if (typeof value === 'string' && value.length > max) issues.push({ path, message: `${value.length.toLocaleString('en')} characters; at most ${max}.` });
  };
  const named = (value: Named | undefined, path: string) => {
    check(value?.namespace, `${path}.namespace`, LINEAGE_LIMITS.nameChars);
    check(value?.name, `${path}.name`, LINEAGE_LIMITS.nameChars);
  };
  const event = body as { job?: Named & { facets?: { sourceCodeLocation?: { url?: unknown; repoUrl?: unknown; version?: unknown }; jobType?: Record<'integration' | 'jobType' | 'processingType', unknown> } }; run?: { facets?: { parent?: { job?: Named } } }; inputs?: unknown; outputs?: unknown };
  named(event.job, 'job');
  named(event.run?.facets?.parent?.job, 'run.facets.parent.job');
  const jobType = event.job?.facets?.jobType;
  for (const field of ['integration', 'jobType', 'processingType'] as const) check(jobType?.[field], `job.facets.jobType.${field}`, LINEAGE_LIMITS.jobTypeChars);
  const source = event.job?.facets?.sourceCodeLocation;
  check(source?.url, 'job.facets.sourceCodeLocation.url', LINEAGE_LIMITS.codeRepositoryChars);
  check(source?.repoUrl, 'job.facets.sourceCodeLocation.repoUrl', LINEAGE_LIMITS.codeRepositoryChars);
  check(source?.version, 'job.facets.sourceCodeLocation.version', LINEAGE_LIMITS.codeCommitChars);
  for (const side of ['inputs', 'outputs'] as const) {
    const list = event[side];
    if (!Array.isArray(list)) continue;
    list.forEach((dataset: LooseDataset | null, i) => {
      named(dataset ?? undefined, `${side}.${i}`);
      check(dataset?.facets?.version?.datasetVersion, `${side}.${i}.facets.version.datasetVersion`, LINEAGE_LIMITS.versionChars);
      const identifiers = dataset?.facets?.symlinks?.identifiers;
      if (Array.isArray(identifiers)) identifiers.forEach((identifier: Named | null, j) => named(identifier ?? undefined, `${side}.${i}.facets.symlinks.identifiers.${j}`));
    });
  }
  return issues;
}

/** Validates a RunEvent against its bounds and the official schemas, and reads its time; nothing touches the database. */
export function readRunEvent(body: unknown, now = new Date()): ReadEvent {
  assertWithin(boundsIssues(body), 'The event');
  const tooLong = lengthIssues(body);
  if (tooLong.length > 0) throw new Invalid('A name in the event is too long; nothing was recorded.', tooLong);
  const warnings = validateRunEvent(body);
  const event = body as RunEvent;
  if (event.run.facets?.parent && (event.run.facets.parent as { run?: { runId?: string } }).run?.runId === event.run.runId) {
    throw new Invalid('A run cannot be its own parent.', [{ path: 'run.facets.parent.run.runId', message: 'Name the run that started this one.' }]);
  }
  return { event, time: utc(event.eventTime, now), sha256: createHash('sha256').update(JSON.stringify(body)).digest('hex'), warnings };
}
