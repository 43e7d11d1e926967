import Link from 'next/link';
import { Age } from '@/components/dashboard/age';
import { QueueList, QueueRow, rowLink } from '@/components/dashboard/queue-list';
import { Badge, type Tone } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import type { ActionItem } from '@/lib/inbox/action-items';
import { FINDING_HORIZON_DAYS, INCIDENT_HORIZON_DAYS } from '@/lib/inbox/action-items';
import { plural } from '@/lib/words';

const KIND: Record<ActionItem['kind'], [label: string, tone: Tone]> = {
  finding: ['Finding', 'amber'],
  review: ['Review', 'indigo'],
  signature: ['Signature', 'blue'],
  incident: ['Incident report', 'red'],
  policy: ['Policy change', 'gray'],
  role: ['Role', 'blue'],
  tier: ['Risk tier', 'indigo'],
  request: ['Promotion request', 'blue'],
  waiver: ['Accepted risk', 'amber'],
};

/** When it is due ("Overdue since …", "Due …"), or for a request how long it has waited ("waiting 6 days", "new today"). */
function When({ item, now }: { item: ActionItem; now: Date }) {
  if (item.kind === 'signature' || item.kind === 'policy' || item.kind === 'role' || item.kind === 'tier' || item.kind === 'request' || item.kind === 'waiver') return <Age iso={item.date} now={now} waiting />;
  if (item.kind === 'incident') return <span className={item.overdue ? 'font-medium text-rose-700' : ''}>{item.overdue ? 'Report overdue' : 'Report due'}</span>;
  const date = item.date.slice(0, 10);
  // A review is due by a day (its date or a trigger's), and due now until then.
  return <span className={item.overdue ? 'font-medium text-rose-700' : ''}>{item.overdue ? `Overdue since ${date}` : `Due ${item.kind === 'review' ? 'by ' : ''}${date}`}</span>;
}

function ItemRow({ item, now }: { item: ActionItem; now: Date }) {
  return (
    <QueueRow aside={<When item={item} now={now} />}>
      <Link href={item.href} className={rowLink}>{item.title}</Link>
      <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
        <Badge tone={KIND[item.kind][1]}>{KIND[item.kind][0]}</Badge>
        <span className="min-w-0 wrap-anywhere">{item.detail}</span>
      </p>
    </QueueRow>
  );
}

/** The computed half of the inbox: what needs the person now, most pressing first. */
export function ActionList({ items, truncated, now }: { items: ActionItem[]; truncated: boolean; now: Date }) {
  return (
    <Card title={`Needs your action (${items.length}${truncated ? '+' : ''})`}>
      <QueueList empty={`Nothing needs you now. Your findings due within ${plural(FINDING_HORIZON_DAYS, 'day')}, reviews due that you sign, requests awaiting your signature, incident reports due within ${plural(INCIDENT_HORIZON_DAYS, 'day')}, policy changes and roles you decide on, and risk tiers you confirm appear here.`}>
        {items.map((item) => <ItemRow key={item.key} item={item} now={now} />)}
      </QueueList>
      {truncated ? (
        <p className="mt-2 text-xs text-slate-500">
          Showing the most pressing of each kind. See <Link href="/findings?ownerId=me&sort=due" className="text-indigo-700 underline underline-offset-2">all your findings</Link>, <Link href="/approvals" className="text-indigo-700 underline underline-offset-2">all open requests</Link> and <Link href="/systems?tierConfirmation=awaited" className="text-indigo-700 underline underline-offset-2">every tier awaiting confirmation</Link>.
        </p>
      ) : null}
    </Card>
  );
}

/**
 * What the inbox asks of the person that no other card of their dashboard lists (a policy change, a role, a risk tier
 * to confirm; their own findings when no data scientist's card shows them), so "your work first" holds all of it.
 */
export function AlsoWaitingCard({ items, now }: { items: ActionItem[]; now: Date }) {
  if (items.length === 0) return null;
  return (
    <Card title={`Also waiting on you (${items.length})`} className="lg:col-span-2" actions={<Link href="/inbox" className="text-sm font-medium text-indigo-700 hover:underline">Open the inbox</Link>}>
      <QueueList empty="">
        {items.map((item) => <ItemRow key={item.key} item={item} now={now} />)}
      </QueueList>
    </Card>
  );
}

/** What concerns the person but is someone else's to do (a review a risk officer signs): shown, not counted as theirs. */
export function WaitingOnOthersList({ items, now }: { items: ActionItem[]; now: Date }) {
  if (items.length === 0) return null;
  return (
    <Card title={`Waiting on others (${items.length})`}>
      <QueueList empty="">
        {items.map((item) => <ItemRow key={item.key} item={item} now={now} />)}
      </QueueList>
    </Card>
  );
}
