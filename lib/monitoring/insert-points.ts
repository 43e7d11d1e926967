import 'server-only';
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { currentSqlite, type Tx } from '@/db';
import { DIALECT } from '@/db/dialect';
import { monitoringPoints, type HistogramPair } from '@/db/schema';
import type { JudgedPoint } from './judge-points';

const statements = new WeakMap<Database.Database, Database.Statement>();

/** Ingest's hot path on SQLite: one statement prepared per connection, run per point (drizzle built 10,000-row SQL ten times slower). */
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

type PointRow = JudgedPoint & { histograms: HistogramPair | null };
/** PostgreSQL takes at most 65,535 parameters per statement: 13 columns a row. */
const POSTGRES_ROWS_PER_INSERT = 2_000;

/** Inserts a batch's points; call inside the batch's transaction (same connection, so it commits or rolls back with it). */
export async function insertPoints(tx: Tx, batchId: string, modelVersionId: string, points: PointRow[]) {
  if (DIALECT === 'postgresql') {
    for (let start = 0; start < points.length; start += POSTGRES_ROWS_PER_INSERT) {
      const rows = points.slice(start, start + POSTGRES_ROWS_PER_INSERT).map((p) => ({
        id: randomUUID(), batchId, modelVersionId, metric: p.metric, feature: p.feature, windowEnd: p.windowEnd, value: p.value, valueSource: p.valueSource,
        reportedValue: p.reportedValue, reportedDrift: p.reportedDrift, computedPsi: p.computedPsi, computedJs: p.computedJs, histograms: p.histograms,
      }));
      await tx.insert(monitoringPoints).values(rows);
    }
    return;
  }
  const insert = insertStatement();
  for (const p of points) {
    const drift = p.reportedDrift === null ? null : p.reportedDrift ? 1 : 0;
    insert.run(randomUUID(), batchId, modelVersionId, p.metric, p.feature, p.windowEnd, p.value, p.valueSource, p.reportedValue, drift, p.computedPsi, p.computedJs, p.histograms ? JSON.stringify(p.histograms) : null);
  }
}
