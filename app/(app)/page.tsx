import Link from 'next/link';
import { EntityLink, formatUtc } from '@/components/audit/event-summary';
import { CountBarChart } from '@/components/charts/count-bar-chart';
import { humanize, TierBadge } from '@/components/ui/badge';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { Mono } from '@/components/ui/table';
import { requirePageActor } from '@/lib/auth/session';
import { dashboardOverview } from '@/lib/dashboard/queries';
import { openIntegrityFlags } from '@/lib/integrity/queries';
import { IntegrityFlags } from '@/components/integrity/integrity-flags';

const TIER_COLORS: Record<string, string> = { prohibited: '#4c0519', high: '#dc2626', limited: '#d97706', minimal: '#059669' };
const STATUS_COLORS: Record<string, string> = { planned: '#94a3b8', development: '#0284c7', active: '#059669', retired: '#cbd5e1' };

export default async function DashboardPage() {
  const actor = await requirePageActor();
  const overview = dashboardOverview(actor);
  const total = overview.byStatus.reduce((sum, s) => sum + s.count, 0);
  const flags = openIntegrityFlags(actor);
  return (
    <>
      <PageHeader title="Dashboard" description={`${total.toLocaleString('en')} AI systems in the inventory.`} />
      <div className="grid gap-6 lg:grid-cols-2">
        {flags.length > 0 ? (
          <Card title={`Integrity flags (${flags.length})`} className="border-rose-200 lg:col-span-2">
            <IntegrityFlags flags={flags} />
          </Card>
        ) : null}
        <Card title="Systems in use by risk tier">
          <CountBarChart title="Systems by risk tier (retired excluded)" data={overview.byTier.map((t) => ({ label: humanize(t.key), count: t.count, color: TIER_COLORS[t.key]! }))} />
        </Card>
        <Card title="Systems by lifecycle status">
          <CountBarChart title="Systems by lifecycle status" data={overview.byStatus.map((s) => ({ label: humanize(s.key), count: s.count, color: STATUS_COLORS[s.key]! }))} />
        </Card>
        <Card title="Reviews due in the next 30 days">
          {overview.reviewsDue.length === 0 ? (
            <EmptyState title="No reviews due">Every system’s next review is more than 30 days away.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {overview.reviewsDue.map((s) => (
                <li key={s.id} className="flex items-center justify-between gap-4 py-2.5">
                  <div className="min-w-0">
                    <Link href={`/systems/${s.id}`} className="text-sm font-medium text-slate-900 hover:text-indigo-700">
                      {s.name}
                    </Link>
                    <p className="text-xs text-slate-500">{s.ownerName}</p>
                  </div>
                  <div className="flex shrink-0 items-center gap-3">
                    <TierBadge tier={s.riskTier} />
                    <span className={s.nextReviewDate! < overview.today ? 'text-sm font-medium text-rose-700' : 'text-sm text-slate-600'}>
                      {s.nextReviewDate! < overview.today ? `Overdue since ${s.nextReviewDate}` : s.nextReviewDate}
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
        {overview.latestEvents ? (
          <Card title="Latest audit events" actions={<Link href="/audit" className="text-sm font-medium text-indigo-700 hover:underline">Open the trail</Link>}>
            <ul className="divide-y divide-slate-100">
              {overview.latestEvents.map((e) => (
                <li key={e.seq} className="flex items-baseline justify-between gap-4 py-2 text-sm">
                  <div className="min-w-0">
                    <Mono>{e.action}</Mono> <span className="text-slate-500">on</span> <EntityLink type={e.entityType} id={e.entityId} />
                    <p className="truncate text-xs text-slate-500">{e.actorLabel}</p>
                  </div>
                  <span className="shrink-0 text-xs text-slate-500">#{e.seq} · {formatUtc(e.at)}</span>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </div>
    </>
  );
}
