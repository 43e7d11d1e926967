import type { expiringWaivers, ownFindingsByDue, QueueFinding, severeActiveFindings, findingsToValidate } from '@/lib/dashboard/finding-queues';
import type { ownOpenIncidents, seriousIncidentsDue } from '@/lib/dashboard/incident-queues';
import { ExpiringWaiversCard } from './expiring-waivers-card';
import { FindingQueueCard } from './finding-queue-card';
import { IncidentQueueCard } from './incident-queue-card';

export const WAIVER_HORIZON_DAYS = 30;

type ScientistProps = { findings: Awaited<ReturnType<typeof ownFindingsByDue>>; incidents: Awaited<ReturnType<typeof ownOpenIncidents>>; today: string };

/** A data scientist's findings by due date (overdue first) and the incidents they own. */
export function ScientistOversight({ findings, incidents, today }: ScientistProps) {
  const overdue = findings.overdue > 0 ? `, ${findings.overdue.toLocaleString('en')} overdue` : '';
  return (
    <>
      <FindingQueueCard
        title={`Your findings (${findings.total.toLocaleString('en')} active${overdue})`}
        items={findings.items}
        empty="No active finding is assigned to you."
        all={[{ href: '/findings?ownerId=me&sort=due', label: 'All your findings' }]}
        today={today}
        showOwner={false}
      />
      <IncidentQueueCard title="Your open incidents" incidents={incidents} empty="You own no open incident." />
    </>
  );
}

type RiskProps = {
  toValidate: Awaited<ReturnType<typeof findingsToValidate>>;
  severe: Awaited<ReturnType<typeof severeActiveFindings>>;
  waivers: Awaited<ReturnType<typeof expiringWaivers>>;
  incidents: Awaited<ReturnType<typeof seriousIncidentsDue>>;
  today: string;
  now: Date;
};

/** A risk officer's oversight: findings to validate and close, open critical and high ones, risks about to lapse, reports due. */
export function RiskOfficerOversight({ toValidate, severe, waivers, incidents, today, now }: RiskProps) {
  return (
    <>
      <FindingQueueCard title="Ready for validation" items={toValidate.items} total={toValidate.total} empty="No finding waits for validation." all={[{ href: '/findings?status=ready_for_validation&sort=due', label: 'All ready for validation' }]} today={today} />
      <FindingQueueCard title="Open critical and high findings" items={severe.items} total={severe.total} empty="No critical or high finding is open." all={[{ href: '/findings?sort=priority', label: 'All active findings' }]} today={today} />
      <ExpiringWaiversCard waivers={waivers} days={WAIVER_HORIZON_DAYS} now={now} />
      <IncidentQueueCard title="Serious incidents to report" incidents={incidents.items} total={incidents.total} empty="No serious incident waits to be reported to the authority." />
    </>
  );
}

/** A security reviewer's vulnerability and red-team findings, due first. */
export function SecurityOversight({ findings, today }: { findings: QueueFinding[]; today: string }) {
  return (
    <FindingQueueCard
      title="Vulnerability and red-team findings"
      items={findings}
      empty="No vulnerability or red-team finding is active. That says no one recorded one, not that none exists: a version’s security evidence and scan are on its page."
      all={[
        { href: '/findings?type=vulnerability&sort=due', label: 'Vulnerabilities' },
        { href: '/findings?type=red_team_result&sort=due', label: 'Red-team results' },
      ]}
      today={today}
    />
  );
}
