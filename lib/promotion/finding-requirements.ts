import { formatDate } from '@/lib/format/date-time';
import { plural } from '@/lib/words';
import type { GateFinding, Requirement } from './evaluate-gate';

const STATUS_WORDS: Record<GateFinding['status'], string> = { open: 'Open', in_remediation: 'In remediation', ready_for_validation: 'Ready for validation', accepted: 'Accepted' };

/**
 * Each active critical or high finding fails the gate, and so does an accepted one whose waiver has expired (even
 * before the sweep re-opens it); an accepted one still covered by its waiver passes with a warning naming it.
 */
export function findingRequirements(findings: GateFinding[], now: Date): Requirement[] {
  if (findings.length === 0) return [{ id: 'findings', label: 'No open critical or high finding', met: true, detail: 'None on this version or upstream.' }];
  // Blocking ones first, each group in the given order; only the rows shown are written out.
  const blocking = findings.filter((f) => !waiverHolds(f, now));
  const ordered = [...blocking, ...findings.filter((f) => waiverHolds(f, now))];
  const rows = ordered.slice(0, MAX_FINDING_ROWS).map((f) => findingRequirement(f, now));
  const rest = ordered.length - rows.length;
  if (rest === 0) return rows;
  // A version buried in findings lists the first few and counts the rest in one line.
  const restBlocking = Math.max(0, blocking.length - MAX_FINDING_ROWS);
  return [
    ...rows,
    { id: 'findings:more', label: `${plural(rest, 'more critical or high finding')}`, met: restBlocking === 0, ...(restBlocking === 0 ? { warning: true } : {}), detail: `${restBlocking} of them block the gate; the findings page lists them all.` },
  ];
}

/** An accepted finding whose signed waiver still runs does not block the gate. */
const waiverHolds = (f: GateFinding, now: Date) => f.status === 'accepted' && f.waiver !== null && new Date(f.waiver.expiresAt).getTime() > now.getTime();

/** How many findings a gate names one by one. */
const MAX_FINDING_ROWS = 10;

function findingRequirement(f: GateFinding, now: Date): Requirement {
  const base = { id: `finding:${f.id}`, findingId: f.id, label: `F-${f.number} ${f.title} (${f.severity}), due ${f.dueDate}` };
  if (f.status !== 'accepted') return { ...base, met: false, detail: `${STATUS_WORDS[f.status]} on ${f.subject}: close it, or accept the risk with a signed waiver.` };
  if (!f.waiver || !waiverHolds(f, now)) {
    return { ...base, met: false, detail: `Accepted on ${f.subject}, but its waiver ${f.waiver ? `expired ${formatDate(f.waiver.expiresAt)}` : 'is missing'}: the risk is no longer accepted.` };
  }
  return { ...base, met: true, warning: true, detail: `Accepted as a risk on ${f.subject}: waiver signed by ${f.waiver.printedName}, expires ${formatDate(f.waiver.expiresAt)}.` };
}

