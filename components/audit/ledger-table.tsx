import Link from 'next/link';
import { hrefWith } from '@/components/ui/href';
import { PersonName } from '@/components/ui/person';
import { Mono, Table, Td, Th } from '@/components/ui/table';
import type { LedgerEvent } from '@/lib/audit/queries';
import { formatDateTime } from '@/lib/format/date-time';

function Json({ label, json }: { label: string; json: string | null }) {
  if (!json) return null;
  return (
    <div>
      <span className="text-xs font-medium text-slate-500">{label}</span>
      <pre className="mt-0.5 max-h-48 overflow-auto rounded bg-slate-50 p-2 font-mono text-[11px] leading-snug break-all whitespace-pre-wrap text-slate-700">{JSON.stringify(JSON.parse(json), null, 1)}</pre>
    </div>
  );
}

/** What was done, in words and by its exact action name, with the raw record behind it: ids, address, browser, and the change itself. */
function ActionCell({ event }: { event: LedgerEvent }) {
  // A long action name may break after its dot, never inside a word.
  const [domain, verb] = [event.action.slice(0, event.action.indexOf('.')), event.action.slice(event.action.indexOf('.') + 1)];
  return (
    <>
      {/* Anywhere, not break-word: a title of one long word must not set the card's least width on a phone. */}
      <p className="text-sm wrap-anywhere text-slate-900">{event.summary}</p>
      <code className="font-mono text-xs text-slate-600">
        {domain}.<wbr />
        {verb}
      </code>
      <details className="mt-1">
        <summary className="cursor-pointer text-xs text-indigo-700">Details<span className="sr-only"> of event {event.seq}</span></summary>
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5 text-xs">
          <dt className="text-slate-500">Time</dt>
          <dd className="font-mono break-all text-slate-800">{event.at}</dd>
          <dt className="text-slate-500">Entity</dt>
          <dd className="font-mono break-all text-slate-800" data-testid="entity-raw">{event.entity.raw}</dd>
          <dt className="text-slate-500">Actor</dt>
          <dd className="font-mono break-all text-slate-800">{event.actorType} {event.actorId ?? ''}</dd>
          {event.userAgent ? (
            <>
              <dt className="text-slate-500">Browser</dt>
              <dd className="break-all text-slate-800">{event.userAgent}</dd>
            </>
          ) : null}
          <dt className="text-slate-500">Hash</dt>
          <dd className="font-mono break-all text-slate-800">{event.hash}</dd>
        </dl>
        <div className="mt-1 space-y-1">
          <Json label="Before" json={event.before} />
          <Json label="After" json={event.after} />
        </div>
      </details>
    </>
  );
}

/** The records whose history (`about`, lib/audit/about-record.ts) gathers the events of the records under them too. */
const HISTORY_KINDS = new Set(['ai_system', 'model_version']);

function EntityCell({ event }: { event: LedgerEvent }) {
  const { entity } = event;
  const name = entity.href ? (
    <Link href={entity.href} title={entity.raw} className="font-medium wrap-anywhere text-indigo-700 hover:underline" data-testid="entity-link">
      {entity.label}
    </Link>
  ) : (
    <span title={entity.raw} className={entity.found ? 'wrap-anywhere text-slate-900' : 'wrap-anywhere text-slate-600'}>{entity.label}</span>
  );
  return (
    <>
      {name}
      <p className="text-xs text-slate-500">
        {entity.kind}
        {event.entityId ? (
          <>
            {' · '}
            <Link href={hrefWith('/audit', { entityType: event.entityType, entityId: event.entityId })} className="text-indigo-700 hover:underline">
              its events<span className="sr-only"> (of {entity.label} only)</span>
            </Link>
            {/* A system's or version's history also holds the records under it, as its page's History button shows. */}
            {HISTORY_KINDS.has(event.entityType) ? (
              <>
                {' · '}
                <Link href={hrefWith('/audit', { about: event.entityId })} className="text-indigo-700 hover:underline">
                  history<span className="sr-only"> of {entity.label}, with the records under it</span>
                </Link>
              </>
            ) : null}
          </>
        ) : null}
      </p>
    </>
  );
}

/** The trail as a ledger: each event's number, time and hash, who acted, what they did, and on what, by name. */
export function LedgerTable({ events }: { events: LedgerEvent[] }) {
  return (
    <Table caption="Audit events" cardsBelow="md">
      <thead>
        <tr><Th>Event</Th><Th>Actor</Th><Th>Action</Th><Th>Entity</Th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {events.map((e) => (
          <tr key={e.seq} data-testid="audit-event" data-seq={e.seq}>
            <Td className="tabular-nums md:w-32 xl:w-auto xl:whitespace-nowrap">
              <p className="font-medium text-slate-900">#{e.seq}</p>
              <p><time dateTime={e.at}>{formatDateTime(e.at)}</time></p>
              <p className="text-xs text-slate-500">hash <Mono title={e.hash}>{e.hash.slice(0, 8)}…</Mono></p>
            </Td>
            <Td data-label="Actor" className="max-md:col-span-2 md:max-w-48 md:min-w-32">
              <PersonName person={{ name: e.actorName, email: e.actorLabel }} withEmail className="block font-medium break-words text-slate-900" />
              <p className="text-xs text-slate-500">{e.actorType}{e.ip ? ` · ${e.ip}` : ''}</p>
            </Td>
            <Td data-label="Action" className="max-md:col-span-2 md:min-w-32"><ActionCell event={e} /></Td>
            <Td data-label="Entity" className="md:min-w-40"><EntityCell event={e} /></Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
