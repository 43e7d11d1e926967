import 'server-only';
import { and, count, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { ACTIVE_FINDING_STATUSES, findings, SEVERITIES, type Severity } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { isoDateAfter } from './deadlines';

/** How far past its due date an active finding is: the buckets of the chart, least late first. */
export const AGE_BUCKETS = ['Not yet due', 'Overdue 1–30 days', 'Overdue 31–90 days', 'Overdue over 90 days'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/**
 * Active findings counted by severity and by how late they are. Lateness is read from the due date, which the
 * (severity, status, due_date) index holds, so at 100,000 findings the count never reads the table.
 */
export function findingsBySeverityAndAge(actor: Actor, now = new Date()) {
  assertCan(actor, 'inventory.read');
  const [today, minus30, minus90] = [0, -30, -90].map((d) => isoDateAfter(now, d));
  const bucket = sql<number>`CASE WHEN ${findings.dueDate} >= ${today} THEN 0 WHEN ${findings.dueDate} >= ${minus30} THEN 1 WHEN ${findings.dueDate} >= ${minus90} THEN 2 ELSE 3 END`;
  const rows = getDb()
    .select({ severity: findings.severity, bucket, n: count() })
    .from(findings)
    .where(and(inArray(findings.severity, SEVERITIES), inArray(findings.status, ACTIVE_FINDING_STATUSES)))
    .groupBy(findings.severity, bucket)
    .all();
  return AGE_BUCKETS.map((age, i) => ({
    age,
    ...(Object.fromEntries(SEVERITIES.map((s) => [s, rows.find((r) => r.severity === s && r.bucket === i)?.n ?? 0])) as Record<Severity, number>),
  }));
}
