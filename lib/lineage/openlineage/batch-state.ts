import 'server-only';
import { inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { JSON_RECORDS_PER_STATEMENT, jsonArrayValues, jsonRecords } from '@/db/portable-sql';
import { openLineageEvents, trainingRuns } from '@/db/schema';
import { preparedPerConnection, withDefaults } from '@/lib/prepared-statements';
import { findRunByExternalId } from '../record-run';
import type { ReadEvent } from './read-event';

type Run = typeof trainingRuns.$inferSelect;

/**
 * The runs a batch of events names, read in one statement when its transaction begins and kept as its events record
 * them. What the read found, and what it did not, stays true while the batch runs: every write transaction holds
 * the one write lock (SQLite's writer, PostgreSQL's advisory lock), so no other can record a run meanwhile. A run an
 * event records is kept for the batch only once the event is applied: an event refused in its savepoint had its
 * writes rolled back, so what it recorded is dropped too.
 */
export class KnownRuns {
  private readonly batch = new Map<string, Run>();
  private event = new Map<string, Run>();

  private constructor(private readonly atStart: Map<string, Run | null>) {}

  /** Nothing read ahead: every run is read when first named (and kept, as true as what is read ahead). */
  static none() {
    return new KnownRuns(new Map());
  }

  /** The runs these events name, as their own or as their parent. */
  static async readFor(tx: Tx, reads: ReadEvent[]) {
    const parentOf = (event: ReadEvent['event']) => (event.run.facets?.parent as { run?: { runId?: string } } | undefined)?.run?.runId;
    const ids = [...new Set(reads.flatMap(({ event }) => [event.run.runId, parentOf(event)].filter((id): id is string => typeof id === 'string')))];
    const atStart = new Map<string, Run | null>(ids.map((id) => [id, null]));
    for (let i = 0; i < ids.length; i += 500) {
      const found = await tx.select().from(trainingRuns).where(inArray(trainingRuns.externalRunId, jsonArrayValues(JSON.stringify(ids.slice(i, i + 500)))));
      for (const run of found) atStart.set(run.externalRunId, run);
    }
    return new KnownRuns(atStart);
  }

  async find(externalRunId: string): Promise<Run | null> {
    const known = this.event.get(externalRunId) ?? this.batch.get(externalRunId);
    if (known) return known;
    if (!this.atStart.has(externalRunId)) this.atStart.set(externalRunId, (await findRunByExternalId(externalRunId)) ?? null);
    return this.atStart.get(externalRunId)!;
  }

  /** A run the current event recorded, as it now is. */
  recorded(run: Run) {
    this.event.set(run.externalRunId, run);
  }

  /** The current event is applied (kept: its runs count for the rest of the batch) or refused (dropped). */
  eventEnded(applied: boolean) {
    if (applied) for (const [id, run] of this.event) this.batch.set(id, run);
    this.event = new Map();
  }
}

/** Prepared per connection: inside `tx`, getDb() is that transaction's, as for every prepared statement here. */
const statements = preparedPerConnection((db) => ({
  rememberMany: db.insert(openLineageEvents).select(jsonRecords(openLineageEvents, sql.placeholder('rows'))).onConflictDoNothing().returning({ sha256: openLineageEvents.sha256 }).prepare(),
}));

/**
 * Remembers the events of a batch by their digests, in a few statements for all, and answers the digests remembered
 * now: an exact replay of an earlier request, or of an earlier event in the batch, is not among them. Only for a
 * batch run without savepoints, which is rolled back whole when one of its events refuses itself.
 */
export async function rememberAll(_tx: Tx, reads: ReadEvent[]): Promise<Set<string>> {
  const remembered = new Set<string>();
  const rows = [...new Map(reads.map((read) => [read.sha256, read])).values()].map((read) =>
    withDefaults(openLineageEvents, { sha256: read.sha256, externalRunId: read.event.run.runId, eventType: read.event.eventType ?? null, eventTime: read.time }),
  );
  for (let i = 0; i < rows.length; i += JSON_RECORDS_PER_STATEMENT) {
    const inserted = await statements().rememberMany.all({ rows: JSON.stringify(rows.slice(i, i + JSON_RECORDS_PER_STATEMENT)) });
    for (const { sha256 } of inserted) remembered.add(sha256);
  }
  return remembered;
}
