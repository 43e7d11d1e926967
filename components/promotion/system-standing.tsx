import Link from 'next/link';
import { FindingsTable } from '@/components/findings/findings-table';
import { DeadlineText, IncidentStatusBadge } from '@/components/incidents/incident-badges';
import { ReviewOutcomeBadge, ReviewStatusBadge } from '@/components/reviews/review-badges';
import { Card } from '@/components/ui/card';
import { formatDate } from '@/components/ui/format';
import { getDb, independentReads } from '@/db';
import type { Actor } from '@/lib/auth/actor';
import { listFindings } from '@/lib/findings/queries';
import { listIncidents } from '@/lib/incidents/queries';
import { conditionsInForce } from '@/lib/promotion/approval-conditions';
import { reviewState } from '@/lib/reviews/queries';
import { plural } from '@/lib/words';
import { ConditionTracking } from './condition-tracking';

const SHOWN = 5;
const link = 'font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700';
const subheading = 'mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase';

/**
 * What a signer should know of the system beyond the gate, as it stands today (not frozen with the request): the last
 * review and the conditions it set, every active finding of any severity on the system (the gate judges only
 * critical and high ones on the version and its data) and its accepted risks, and its incidents not yet closed.
 */
export async function SystemStanding({ actor, systemId, systemName }: { actor: Actor; systemId: string; systemName: string }) {
  const [review, active, accepted, open, reported, conditions] = await independentReads(
    async () => await reviewState(getDb(), systemId),
    async () => await listFindings(actor, { systemId, status: 'active', sort: 'priority', page: 1, pageSize: SHOWN }),
    async () => await listFindings(actor, { systemId, status: 'accepted', sort: 'priority', page: 1, pageSize: 1 }),
    async () => await listIncidents(actor, { systemId, status: 'open', page: 1, pageSize: SHOWN }),
    async () => await listIncidents(actor, { systemId, status: 'reported', page: 1, pageSize: SHOWN }),
    async () => await conditionsInForce(actor, systemId),
  );
  const last = review.lastReview;
  const incidents = [...open.items, ...reported.items].slice(0, SHOWN);
  const incidentTotal = open.total + reported.total;
  return (
    <Card title={`Where ${systemName} stands now`} className="mt-6 min-w-0">
      <div data-testid="system-standing">
        <p className="mb-4 text-xs text-slate-500">As of today, not frozen with the request. The gate judged critical and high findings on this version and its data; here are every active finding on the system and its accepted risks, the conditions of its last review and of the approvals its live versions run under, and its incidents not closed.</p>
        <div className="grid gap-6 lg:grid-cols-2">
          <section aria-label="Last review">
            <h3 className={subheading}>Review</h3>
            <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-700">
              <ReviewStatusBadge status={review.status} />
              <span>{review.dueBy ? `Next due by ${formatDate(review.dueBy)}` : 'Not scheduled yet'}</span>
              <Link href={`/systems/${systemId}/reviews`} className={link}>Reviews</Link>
            </p>
            <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-700">
              {last ? <><span>Last signed {formatDate(last.signedAt)} by {last.printedName}:</span> <ReviewOutcomeBadge outcome={last.outcome} /></> : 'No review signed yet.'}
            </p>
            {last?.conditions ? (
              <p role="note" className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm whitespace-pre-line text-amber-900" data-testid="review-conditions">
                <span className="font-medium">{last.outcome === 'restrict' ? 'Restrictions' : 'Conditions'} set by the last review:</span> {last.conditions}
              </p>
            ) : null}
            {conditions.length ? (
              <div className="mt-3" data-testid="conditions-in-force">
                <h3 className={subheading}>Conditions of the approvals in force</h3>
                <ul className="space-y-1 text-sm text-slate-700">
                  {conditions.map((c) => (
                    <li key={`${c.requestId}-${c.printedName}`}>
                      <span className="whitespace-pre-line">{c.conditions}</span>
                      <span className="text-slate-500"> · {c.modelName} {c.version} in {c.stage}, set by {c.printedName} on {formatDate(c.signedAt)} (<Link href={`/approvals/${c.requestId}`} className={link}>approval</Link>)</span>
                      <ConditionTracking finding={c.finding} />
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </section>
          <section aria-label="Incidents not closed">
            <h3 className={subheading}>Incidents not closed ({incidentTotal})</h3>
            {incidentTotal === 0 ? <p className="text-sm text-slate-500">None.</p> : (
              <ul className="space-y-2">
                {incidents.map((i) => (
                  <li key={i.id} className="text-sm">
                    <Link href={`/incidents/${i.id}`} className={link}>{i.reference} {i.title}</Link>
                    <p className="mt-0.5 flex flex-wrap items-center gap-2 text-xs"><IncidentStatusBadge status={i.status} /><DeadlineText incident={i} /></p>
                  </li>
                ))}
              </ul>
            )}
            {incidentTotal > incidents.length ? <Link href={`/incidents?systemId=${systemId}`} className={`mt-2 inline-block text-sm ${link}`}>All incidents of the system</Link> : null}
          </section>
        </div>
        <section aria-label="Active findings" className="mt-6">
          <h3 className={subheading}>Active findings ({active.total})</h3>
          {active.total === 0 ? <p className="text-sm text-slate-500">None on the system, its model versions or the datasets registered to it.</p> : <FindingsTable items={active.items} caption={`Active findings on ${systemName}`} />}
          <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {active.total > active.items.length ? <Link href={`/findings?${new URLSearchParams({ systemId, status: 'active' })}`} className={link}>All {plural(active.total, 'active finding')}</Link> : null}
            {accepted.total ? <Link href={`/findings?${new URLSearchParams({ systemId, status: 'accepted' })}`} className={link} data-testid="accepted-risks">{plural(accepted.total, 'risk')} accepted under a waiver</Link> : null}
          </p>
        </section>
      </div>
    </Card>
  );
}
