import 'server-only';
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { currentSqlite } from '@/db';
import type { HistogramPair } from '@/db/schema';
import type { JudgedPoint } from './judge-points';

const statements = new WeakMap<Database.Database, Database.Statement>();

/** Ingest's hot path: one statement prepared per connection, run per point (drizzle built 10,000-row SQL ten times slower). */
function insertStatement() {
  const sqlite = currentSqlite();
  let statement = statements.get(sqlite);
  if (!statement) {
    statement = sqlite.prepare(
      `INSERT INTO monitoring_points (id, batch_id, model_version_id, metric, feature, window_end, value, value_source, reported_value, reported_drift, computed_psi, computed_js, histograms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    statements.set(sqlite, statement);
  }
  return statement;
}

/** Inserts a batch's points; call inside the batch's transaction (same connection, so it commits or rolls back with it). */
export function insertPoints(batchId: string, modelVersionId: string, points: (JudgedPoint & { histograms: HistogramPair | null })[]) {
  const insert = insertStatement();
  for (const p of points) {
    const drift = p.reportedDrift === null ? null : p.reportedDrift ? 1 : 0;
    insert.run(randomUUID(), batchId, modelVersionId, p.metric, p.feature, p.windowEnd, p.value, p.valueSource, p.reportedValue, drift, p.computedPsi, p.computedJs, p.histograms ? JSON.stringify(p.histograms) : null);
  }
}
