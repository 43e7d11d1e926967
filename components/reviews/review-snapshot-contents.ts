import type { ReviewSnapshotContent } from '@/lib/reviews/review-snapshot';
import { humanize, plural } from '@/lib/words';

/** The snapshot in a few lines, for the signing dialog: what the signature covers. */
export function reviewSnapshotContents(snapshot: ReviewSnapshotContent): string[] {
  const { card, findings, monitoring, review } = snapshot;
  const production = card.versions.filter((v) => v.stage === 'production').length;
  const severe = (s: string) => findings.filter((f) => f.severity === s).length;
  return [
    `The system card: ${plural(card.versions.length, 'model version')}, ${production} in production, each with its AI Card digest`,
    `${plural(findings.length, 'open or accepted finding')} (${severe('critical')} critical, ${severe('high')} high), waivers included`,
    ...(snapshot.approvalConditions?.length ? [`${plural(snapshot.approvalConditions.length, 'condition')} of the approvals the live versions run under, which this review checks`] : []),
    monitoring.length ? `The latest figure of ${plural(monitoring.length, 'monitoring series', 'monitoring series')}` : 'No monitoring figure: nothing is reported for the versions in staging or production',
    review.openTriggers.length ? `${plural(review.openTriggers.length, 'open trigger')}, which this review resolves` : 'No open trigger: a periodic review',
    review.lastSigned ? `The last signed review, of ${review.lastSigned.signedAt.slice(0, 10)} (${humanize(review.lastSigned.outcome).toLowerCase()})` : 'No earlier review: the first one',
  ];
}

/**
 * What a reviewer should weigh before signing, read from the same snapshot: versions in production that report no
 * monitoring, and critical or high findings still open (not accepted). Empty when nothing stands out.
 */
export function reviewSnapshotGaps(snapshot: ReviewSnapshotContent): string[] {
  const monitored = new Set(snapshot.monitoring.map((m) => m.modelVersionId));
  const unwatched = snapshot.card.versions.filter((v) => v.stage === 'production' && !monitored.has(v.id));
  const open = snapshot.findings.filter((f) => (f.severity === 'critical' || f.severity === 'high') && f.status !== 'accepted');
  return [
    ...(unwatched.length ? [`${plural(unwatched.length, 'version')} in production ${unwatched.length === 1 ? 'reports' : 'report'} no monitoring results (${unwatched.map((v) => `${v.model} ${v.version}`).join(', ')}): drift and performance there go unwatched`] : []),
    ...(open.length ? [`${plural(open.length, 'critical or high finding')} open and not accepted: ${open.map((f) => f.ref).join(', ')}`] : []),
  ];
}
