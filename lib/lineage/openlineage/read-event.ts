import 'server-only';
import { createHash } from 'node:crypto';
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

/** Producers send times without a zone (the Python client does); they are read as UTC. */
function utc(time: string): string {
  const date = producerTime(time);
  if (!date) throw new Invalid('The eventTime is not a date-time.', [{ path: 'eventTime', message: 'Use ISO 8601, e.g. 2026-11-21T10:00:00Z.' }]);
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

/** Validates a RunEvent against its bounds and the official schemas, and reads its time; nothing touches the database. */
export function readRunEvent(body: unknown): ReadEvent {
  assertWithin(boundsIssues(body), 'The event');
  const warnings = validateRunEvent(body);
  const event = body as RunEvent;
  if (event.run.facets?.parent && (event.run.facets.parent as { run?: { runId?: string } }).run?.runId === event.run.runId) {
    throw new Invalid('A run cannot be its own parent.', [{ path: 'run.facets.parent.run.runId', message: 'Name the run that started this one.' }]);
  }
  return { event, time: utc(event.eventTime), sha256: createHash('sha256').update(JSON.stringify(body)).digest('hex'), warnings };
}
