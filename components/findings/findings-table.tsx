import Link from 'next/link';
import { PersonName } from '@/components/ui/person';
import { Table, Td, Th } from '@/components/ui/table';
import type { listFindings } from '@/lib/findings/queries';
import { humanize } from '@/lib/words';
import { DueDate, FindingStatusBadge, SeverityBadge } from './finding-badges';

type Row = Awaited<ReturnType<typeof listFindings>>['items'][number];

/** Findings as a table from 1280 px, one captioned card each below. */
export function FindingsTable({ items, caption, showSubject = true }: { items: Row[]; caption: string; showSubject?: boolean }) {
  return (
    <Table caption={caption} cardsBelow="xl">
      <thead>
        <tr>
          <Th>Finding</Th>
          <Th>Severity</Th>
          <Th>Status</Th>
          {showSubject ? <Th>Subject</Th> : null}
          <Th>Owner</Th>
          <Th>Due</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {items.map((f) => (
          <tr key={f.id} className="hover:bg-slate-50">
            <Td className="max-w-80 min-w-56">
              <Link href={`/findings/${f.id}`} className="font-medium text-slate-900 hover:text-indigo-700">
                <span className="text-slate-500">{f.ref}</span> {f.title}
              </Link>
              <p className="text-xs text-slate-500">
                {humanize(f.type)}
                {f.occurrences > 1 ? ` · seen ${f.occurrences.toLocaleString('en')} times` : ''}
              </p>
            </Td>
            <Td data-label="Severity"><SeverityBadge severity={f.severity} /></Td>
            <Td data-label="Status"><FindingStatusBadge status={f.status} /></Td>
            {showSubject ? (
              <Td data-label="Subject" className="max-w-56">
                <span className="block text-xs text-slate-500">{humanize(f.subjectType)}</span>
                {f.subject.href ? <Link href={f.subject.href} className="break-words text-indigo-700 hover:underline">{f.subject.label}</Link> : <span className="break-words">{f.subject.label}</span>}
              </Td>
            ) : null}
            <Td data-label="Owner" className="max-w-40"><p className="truncate"><PersonName person={{ name: f.ownerName, email: f.ownerEmail }} /></p></Td>
            <Td data-label="Due"><DueDate dueDate={f.dueDate} overdueDays={f.overdueDays} /></Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
