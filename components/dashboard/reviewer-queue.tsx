import Link from 'next/link';
import { Badge, humanize, TierBadge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { PersonName } from '@/components/ui/person';
import type { awaitingSignature } from '@/lib/dashboard/awaiting-signature';
import type { recentlySigned } from '@/lib/dashboard/recently-signed';
import type { reviewsDue } from '@/lib/dashboard/reviews-due';
import { decisionLabel } from '@/lib/promotion/signature-words';
import { UnsignableNote } from '@/components/promotion/unsignable-note';
import { Age } from './age';
import { QueueList, QueueRow, rowLink } from './queue-list';
import { ReviewsDueCard } from './reviews-due-card';

type Props = {
  awaiting: Awaited<ReturnType<typeof awaitingSignature>>;
  signed: Awaited<ReturnType<typeof recentlySigned>>;
  reviews: Awaited<ReturnType<typeof reviewsDue>>;
  now: Date;
};

/** A reviewer's day: what waits for their signature (oldest first), what they signed lately, reviews coming due. */
export function ReviewerQueue({ awaiting, signed, reviews, now }: Props) {
  return (
    <>
      <Card
        title={`Awaiting your signature (${awaiting.total})`}
        className="lg:col-span-2"
        actions={<Link href="/approvals" className="text-sm font-medium text-indigo-700 hover:underline">All open requests</Link>}
      >
        <QueueList empty="Nothing waits for your signature.">
          {awaiting.items.map((r) => (
            <QueueRow key={r.id} aside={<Age iso={r.createdAt} now={now} prefix="opened" />}>
              <Link href={`/approvals/${r.id}`} className={rowLink}>
                {r.modelName} {r.version} → {r.targetStage}
              </Link>
              <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
                <span>{r.systemName}</span>
                <TierBadge tier={r.riskTier} />
                <span>requested by <PersonName person={{ name: r.requester, email: r.requesterEmail }} /></span>
                {r.changed
                  ? <UnsignableNote changed={r.changed} />
                  : <span className="font-medium text-slate-700">Needs you as {r.myRoles.map(humanize).join(' or ')}</span>}
              </p>
            </QueueRow>
          ))}
        </QueueList>
        {awaiting.total > awaiting.items.length ? <p className="mt-2 text-xs text-slate-500">Showing the {awaiting.items.length} oldest of {awaiting.total}.</p> : null}
      </Card>
      <Card title="Signed by you recently">
        <QueueList empty="You have not signed a request yet.">
          {signed.map((s) => (
            <QueueRow key={s.requestId} aside={<Age iso={s.signedAt} now={now} prefix="signed" />}>
              <Link href={`/approvals/${s.requestId}`} className={rowLink}>
                {s.modelName} {s.version} → {s.targetStage}
              </Link>
              <p className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                <Badge tone={s.decision === 'reject' ? 'red' : s.conditions ? 'amber' : 'green'}>You {decisionLabel(s).toLowerCase()}</Badge>
                <span>as {humanize(s.role)} · request {s.status}</span>
              </p>
            </QueueRow>
          ))}
        </QueueList>
      </Card>
      <ReviewsDueCard reviews={reviews} now={now} />
    </>
  );
}
