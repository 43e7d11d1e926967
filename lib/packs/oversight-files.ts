import 'server-only';
import { formatCsvRow, type CsvColumn } from '@/lib/exports/csv';
import type { PackOversight } from './collect-oversight';

type Finding = PackOversight['findings']['items'][number];

const FINDING_COLUMNS: CsvColumn<Finding>[] = [
  { header: 'ref', value: (f) => f.ref },
  { header: 'type', value: (f) => f.type },
  { header: 'severity', value: (f) => f.severity },
  { header: 'status', value: (f) => f.status },
  { header: 'title', value: (f) => f.title },
  { header: 'subject_type', value: (f) => f.subjectType },
  { header: 'subject_id', value: (f) => f.subjectId },
  { header: 'subject', value: (f) => f.subject },
  { header: 'system_id', value: (f) => f.systemId },
  { header: 'owner', value: (f) => f.owner },
  { header: 'due_date', value: (f) => f.dueDate },
  { header: 'source', value: (f) => f.source },
  { header: 'occurrences', value: (f) => f.occurrences },
  { header: 'raised_at', value: (f) => f.createdAt },
  { header: 'closed_at', value: (f) => f.closedAt },
  { header: 'closed_by', value: (f) => f.closedBy },
  { header: 'closure_evidence', value: (f) => f.closureEvidence },
  { header: 'closure_signed_as', value: (f) => f.closureRole },
  { header: 'closure_meaning', value: (f) => f.closureMeaning },
  { header: 'id', value: (f) => f.id },
];

/** RFC 4180 text with the BOM spreadsheets need, as the CSV exports write it. */
function csv<Row>(columns: CsvColumn<Row>[], rows: Row[]): Buffer {
  return Buffer.from(`\uFEFF${formatCsvRow(columns.map((c) => c.header))}${rows.map((row) => formatCsvRow(columns.map((c) => c.value(row)))).join('')}`);
}

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/** The oversight records of the period as machine-readable files: JSON as stored, and the findings as CSV too. */
export function oversightFiles(oversight: PackOversight): [string, Buffer][] {
  // Each list says how many there were in all and how many a file holds at most, so a cut list never reads as complete.
  const bounded = ({ total, items }: { total: number; items: unknown[] }) => json({ total, limit: oversight.limit, items });
  return [
    ['records/findings.json', bounded(oversight.findings)],
    ['records/findings.csv', csv(FINDING_COLUMNS, oversight.findings.items)],
    ['records/waivers.json', bounded(oversight.waivers)],
    ['records/reviews.json', bounded(oversight.reviews)],
    ['records/incidents.json', bounded(oversight.incidents)],
    ['records/monitoring-summary.json', bounded(oversight.monitoring)],
  ];
}
