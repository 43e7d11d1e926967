import { Card, EmptyState } from '@/components/ui/card';
import { PersonName } from '@/components/ui/person';
import type { getFinding } from '@/lib/findings/finding-detail';
import { formatDate, formatDateTime } from '@/lib/format/date-time';
import { humanize } from '@/lib/words';
import { WaiverTerms } from './waiver-proposal-card';

type Finding = Awaited<ReturnType<typeof getFinding>>;

/** Each accepted risk: the signed terms as stored, and how the waiver ended. */
export function FindingWaivers({ waivers }: { waivers: Finding['waivers'] }) {
  if (waivers.length === 0) return null;
  return (
    <Card title="Accepted risk">
      <ul className="space-y-4">
        {waivers.map((w) => (
          <li key={w.id} className="space-y-2 text-sm">
            <p className="font-medium text-slate-900">
              Expires on {formatDate(w.expiresAt)}
              {w.endedAt ? <span className="font-normal text-slate-600"> · ended {formatDate(w.endedAt)} ({WAIVER_ENDINGS[w.endedReason ?? 'expired']})</span> : <span className="font-normal text-slate-600"> · in force</span>}
            </p>
            {w.proposal ? <p className="rounded-md bg-slate-50 p-3 text-slate-800 ring-1 ring-slate-200">“{w.proposal.meaning}”<span className="mt-1 block text-xs text-slate-500">Proposed and signed by {w.proposal.printedName} as {humanize(w.proposal.role)}, {formatDateTime(w.proposal.signedAt)}</span></p> : null}
            <p className="rounded-md bg-slate-50 p-3 text-slate-800 ring-1 ring-slate-200">“{w.meaning}”<span className="mt-1 block text-xs text-slate-500">{w.proposal ? 'Approved and signed' : 'Signed'} by {w.printedName} as {humanize(w.role)}, {formatDateTime(w.signedAt)}</span></p>
            <WaiverTerms justification={w.justification} compensatingControls={w.compensatingControls} />
          </li>
        ))}
      </ul>
    </Card>
  );
}

const WAIVER_ENDINGS = { expired: 'expired: the finding re-opened', exceeded: 'a worse repeat exceeded it: the finding re-opened', finding_closed: 'the finding was closed' } as const;

const ACTION_WORDS: Record<string, string> = {
  'finding.raised': 'Raised',
  'finding.recurred': 'Seen again',
  'finding.updated': 'Edited',
  'finding.status_changed': 'Status changed',
  'finding.closed': 'Closed',
  'finding.close_failed': 'Closing refused: wrong password',
  'finding.waived': 'Risk accepted',
  'finding.waive_failed': 'Accepting refused: wrong password',
  'finding.waiver_proposed': 'Risk acceptance proposed',
  'finding.waiver_declined': 'Risk acceptance declined',
  'finding.waiver_withdrawn': 'Proposal withdrawn',
  'finding.downgrade_failed': 'Lowering the severity refused: wrong password',
  'finding.reopened': 'Re-opened',
};

/** What happened to the finding, read from the audit trail: who did what, when. */
export function FindingTimeline({ events }: { events: Finding['timeline'] }) {
  return (
    <Card title="Timeline">
      {events.length === 0 ? (
        <EmptyState title="No recorded events" />
      ) : (
        <ol className="space-y-3 text-sm">
          {events.map((e) => (
            <li key={e.seq} className="flex flex-wrap gap-x-3 gap-y-0.5">
              <time dateTime={e.at} className="whitespace-nowrap text-slate-500 tabular-nums">{formatDateTime(e.at)}</time>
              <span className="font-medium text-slate-900">{ACTION_WORDS[e.action] ?? e.action}</span>
              {e.detail ? <span className="text-slate-700">{e.detail}</span> : null}
              <span className="text-slate-500">by <PersonName person={{ name: e.actorName, email: e.actorLabel }} /></span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
