import Link from 'next/link';
import { CountBarChart } from '@/components/charts/count-bar-chart';
import { ActivityList } from '@/components/dashboard/activity-list';
import { AdminQueue } from '@/components/dashboard/admin-queue';
import { AuditorQueue } from '@/components/dashboard/auditor-queue';
import { ReviewerQueue } from '@/components/dashboard/reviewer-queue';
import { ReviewsDueCard } from '@/components/dashboard/reviews-due-card';
import { ScientistQueue } from '@/components/dashboard/scientist-queue';
import { OversightCounts } from '@/components/dashboard/oversight-counts';
import { RiskOfficerOversight, ScientistOversight, SecurityOversight, WAIVER_HORIZON_DAYS } from '@/components/dashboard/oversight-queues';
import { IntegrityFlags } from '@/components/integrity/integrity-flags';
import { UnapprovedDeployments } from '@/components/integrity/unapproved-deployments';
import { NoRoleYet } from '@/components/dashboard/no-role-yet';
import { AlsoWaitingCard } from '@/components/inbox/action-list';
import { decisionItems, findingItems } from '@/lib/inbox/action-items';
import { humanize } from '@/components/ui/badge';
import { Card, PageHeader } from '@/components/ui/card';
import { getDb, sideBySide } from '@/db';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { awaitingSignature } from '@/lib/dashboard/awaiting-signature';
import { expiringTokens } from '@/lib/dashboard/expiring-tokens';
import { expiringWaivers, findingCounts, findingsToValidate, ownFindingsByDue, securityFindings, severeActiveFindings } from '@/lib/dashboard/finding-queues';
import { incidentCounts, ownOpenIncidents, seriousIncidentsDue } from '@/lib/dashboard/incident-queues';
import { ownOpenRequests } from '@/lib/dashboard/own-open-requests';
import { ownVersionsAtGate } from '@/lib/dashboard/own-versions-at-gate';
import { dashboardOverview } from '@/lib/dashboard/queries';
import { recentActivity } from '@/lib/dashboard/recent-activity';
import { recentPolicyChanges } from '@/lib/dashboard/recent-policy-changes';
import { recentlySigned } from '@/lib/dashboard/recently-signed';
import { reviewsDue } from '@/lib/dashboard/reviews-due';
import { userSummary } from '@/lib/dashboard/user-summary';
import { isoDateAfter } from '@/lib/findings/deadlines';
import { openIntegrityFlags } from '@/lib/integrity/queries';
import { listDeployments } from '@/lib/lineage/queries';
import { listEvidencePacks } from '@/lib/packs/queries';
import { pendingRolesByUser } from '@/lib/users/role-grants';
import { plural } from '@/lib/words';

const TIER_COLORS: Record<string, string> = { prohibited: '#4c0519', high: '#dc2626', limited: '#d97706', minimal: '#059669' };
const STATUS_COLORS: Record<string, string> = { planned: '#94a3b8', development: '#0284c7', active: '#059669', retired: '#cbd5e1' };

/** Home is a work queue: the sections of each role the person holds, then the inventory charts and recent activity. */
export default async function DashboardPage() {
  const actor = await requirePageActor({ roleless: 'allowed' });
  if (actor.roles.length === 0) return <NoRoleYet name={actor.name} pending={(await pendingRolesByUser(getDb(), [actor.userId])).get(actor.userId) ?? []} />;
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const riskOfficer = actor.roles.includes('risk_officer');
  const security = actor.roles.includes('security_reviewer');
  const reviewer = actor.type === 'user' && can(actor, 'promotion.sign');
  const scientist = can(actor, 'promotion.request');
  const auditor = actor.roles.includes('auditor');
  const admin = can(actor, 'user.manage');
  // Every section's reads start at once: on PostgreSQL they run side by side, each on a connection of the pool.
  const read = await sideBySide({
    overview: () => dashboardOverview(actor),
    flags: () => openIntegrityFlags(actor),
    unapproved: () => listDeployments(actor, { approval: 'unapproved', page: 1, pageSize: 5 }),
    decisions: () => decisionItems(actor),
    // A data scientist's card lists their findings; anyone else who owns one (a risk officer who took it) sees it here.
    ownFindings: !scientist && (() => findingItems(actor, now)),
    activity: can(actor, 'audit.read') && (() => recentActivity(actor, 10)),
    reviewer: reviewer && (() => sideBySide({ awaiting: () => awaitingSignature(actor), signed: () => recentlySigned(actor), reviews: () => reviewsDue(actor, now) })),
    scientist: scientist && (() => sideBySide({ versions: () => ownVersionsAtGate(actor), requests: () => ownOpenRequests(actor) })),
    ownReviews: scientist && !reviewer && (() => reviewsDue(actor, now, { ownerId: actor.userId })),
    scientistOversight: scientist && (() => sideBySide({ findings: () => ownFindingsByDue(actor, today), incidents: () => ownOpenIncidents(actor, now) })),
    riskOfficer:
      riskOfficer &&
      (() =>
        sideBySide({
          toValidate: () => findingsToValidate(actor),
          severe: () => severeActiveFindings(actor),
          waivers: () => expiringWaivers(actor, isoDateAfter(now, WAIVER_HORIZON_DAYS)),
          incidents: () => seriousIncidentsDue(actor, now),
        })),
    security: security && (() => securityFindings(actor)),
    auditor: auditor && (() => sideBySide({ findings: () => findingCounts(actor, today), incidents: () => incidentCounts(actor, now), packs: () => listEvidencePacks(actor, { page: 1, pageSize: 5 }) })),
    admin: admin && (() => sideBySide({ users: () => userSummary(actor), tokens: () => expiringTokens(actor, now), policies: () => recentPolicyChanges(actor) })),
  });
  const { overview, flags, unapproved, activity } = read;
  const total = overview.byStatus.reduce((sum, s) => sum + s.count, 0);
  return (
    <>
      <PageHeader title="Dashboard" description={`Your work first, then the inventory: ${plural(total, 'AI system')}.`} />
      {/* Columns of minmax(0, 1fr): a long unbroken word in a card wraps rather than widening the page. */}
      <div className="grid grid-cols-1 items-start gap-4 sm:gap-6 lg:grid-cols-2">
        {flags.length > 0 ? (
          <Card title={`Integrity flags (${flags.length})`} className="border-rose-200 lg:col-span-2">
            <IntegrityFlags flags={flags} />
          </Card>
        ) : null}
        <UnapprovedDeployments listed={unapproved} />
        <AlsoWaitingCard items={[...(read.ownFindings ? read.ownFindings.items : []), ...read.decisions.items]} now={now} />
        {read.reviewer ? <ReviewerQueue {...read.reviewer} now={now} /> : null}
        {read.scientist ? <ScientistQueue {...read.scientist} now={now} /> : null}
        {read.ownReviews ? <ReviewsDueCard title="Your systems’ reviews: overdue, due now or within 30 days" reviews={read.ownReviews} now={now} /> : null}
        {read.scientistOversight ? <ScientistOversight {...read.scientistOversight} today={today} /> : null}
        {read.riskOfficer ? <RiskOfficerOversight {...read.riskOfficer} today={today} now={now} /> : null}
        {read.security ? <SecurityOversight findings={read.security.items} today={today} /> : null}
        {read.auditor ? <OversightCounts findings={read.auditor.findings} incidents={read.auditor.incidents} /> : null}
        {read.auditor ? <AuditorQueue packs={read.auditor.packs.items} now={now} /> : null}
        {read.admin ? <AdminQueue {...read.admin} now={now} /> : null}
      </div>
      <h2 className="mt-10 mb-4 text-lg font-semibold text-slate-900">Inventory</h2>
      <div className="grid grid-cols-1 gap-4 sm:gap-6 lg:grid-cols-2">
        <Card title="Systems by risk tier, retired excluded">
          <CountBarChart title="Systems by risk tier: planned, in development and active (retired excluded)" data={overview.byTier.map((t) => ({ label: humanize(t.key), count: t.count, color: TIER_COLORS[t.key]! }))} />
        </Card>
        <Card title="Systems by lifecycle status">
          <CountBarChart title="Systems by lifecycle status" data={overview.byStatus.map((s) => ({ label: humanize(s.key), count: s.count, color: STATUS_COLORS[s.key]! }))} />
        </Card>
        {activity ? (
          <Card title="Recent activity" className="lg:col-span-2" actions={<Link href="/audit" className="text-sm font-medium text-indigo-700 hover:underline">Open the trail</Link>}>
            <ActivityList items={activity} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
