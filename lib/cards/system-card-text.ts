import { formatDate, formatDateTime } from '@/lib/format/date-time';
import { personWithEmail } from '@/lib/format/person';
import { CONFIRMER } from '@/lib/inventory/tier-confirmation';
import { humanize } from '@/lib/words';
import type { SystemCardExport } from './system-card-export';

type Version = SystemCardExport['versions'][number];
type NarrativeKey = 'intendedUse' | 'outOfScopeUses' | 'deploymentContext' | 'humanOversight' | 'limitations' | 'ethicalConsiderations' | 'recommendations';

/** The system's own narrative, in the order the card page shows it. */
export const SYSTEM_NARRATIVE: readonly (readonly [NarrativeKey, string])[] = [
  ['intendedUse', 'Intended use'],
  ['outOfScopeUses', 'Out-of-scope uses'],
  ['deploymentContext', 'Deployment context'],
  ['humanOversight', 'Human oversight'],
  ['limitations', 'Limitations'],
  ['ethicalConsiderations', 'Ethical considerations'],
  ['recommendations', 'Recommendations'],
];

/** "production on 2026-11-20; the card has changed since", or "Never signed". */
export function lastSignedText(v: Pick<Version, 'lastSigned' | 'differsFromLastSigned'>): string {
  if (!v.lastSigned) return 'Never signed';
  return `${v.lastSigned.targetStage} on ${formatDate(v.lastSigned.at)}; ${v.differsFromLastSigned ? 'the card has changed since' : 'the card still matches'}`;
}

/** What the document is and is not, said at its top. */
export function systemCardStatement(card: SystemCardExport): string {
  const changed = card.versions.filter((v) => v.differsFromLastSigned).length;
  return `Built from the record as it stood at ${formatDateTime(card.generatedAt, { seconds: true })}. A system card has no digest of its own: each model version's AI Card is the signed unit, named below by its digest${changed ? `; ${changed === 1 ? 'one version’s card has changed since it was signed' : `${changed} versions’ cards have changed since they were signed`}` : ''}.`;
}

/** Who confirmed a limited or minimal tier and when, or since when it waits; the other tiers need none. */
export function tierConfirmationText(system: SystemCardExport['system']): string {
  const { state, by, at, awaitedSince } = system.tierConfirmation;
  if (state === 'confirmed') return `By ${personWithEmail(by)} on ${formatDate(at)}`;
  if (state === 'awaited') return `Not yet${awaitedSince ? ` (waiting since ${formatDate(awaitedSince)})` : ''}: ${CONFIRMER} confirms it before a version goes to production`;
  if (state === 'never_confirmed') return 'Never confirmed; the system is retired';
  return `Not needed for the ${system.riskTier} tier`;
}

/** The system's facts as label and text, for the PDF's cover and the Markdown's table alike ('' where none is given). */
export function systemFacts({ system }: SystemCardExport): [string, string][] {
  return [
    ['Purpose', system.purpose],
    ['Risk tier (EU AI Act)', `${humanize(system.riskTier)}${system.generalPurposeModel ? ', general-purpose AI model' : ''}`],
    ['Risk tier confirmed', tierConfirmationText(system)],
    ['Lifecycle', humanize(system.lifecycleStatus)],
    ['Technical owner', personWithEmail(system.technicalOwner)],
    ['Business owner', system.businessOwner],
    ['Vendor', system.vendor === null ? 'Built in-house' : system.vendor],
    ['Personal data processed', system.personalData ? 'Yes' : 'No'],
    ['Next periodic review', system.nextReviewDate ? formatDate(system.nextReviewDate) : 'Not set'],
  ];
}
