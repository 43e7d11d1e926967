import 'server-only';
import type { Db } from '@/db';
import { latestMonitoring } from './oversight-monitoring';
import { oversightFindings, oversightWaivers, type OversightScope } from './oversight-findings';
import { oversightIncidents, oversightReview } from './oversight-reviews-incidents';
import type { CardOversight } from './oversight-schema';

/** Closed findings, ended waivers and closed incidents stay on the card this many days. */
export const OVERSIGHT_RECENT_DAYS = 90;

/**
 * The live oversight of one system, or of one version of it with its training data: read now, shown beside the card
 * and never hashed into it (see lib/cards/oversight-schema.ts).
 */
export async function loadCardOversight(db: Db, systemId: string, scope: OversightScope, now = new Date(), { monitoredVersionIds }: { monitoredVersionIds?: string[] } = {}): Promise<CardOversight> {
  const since = new Date(now.getTime() - OVERSIGHT_RECENT_DAYS * 86_400_000).toISOString();
  return {
    asOf: now.toISOString(),
    recentDays: OVERSIGHT_RECENT_DAYS,
    monitoring: await latestMonitoring(db, monitoredVersionIds ? new Map(monitoredVersionIds.map((id) => [id, scope.versions.get(id)!])) : scope.versions),
    findings: await oversightFindings(db, scope, since),
    waivers: await oversightWaivers(db, scope, since),
    review: await oversightReview(db, systemId, now),
    incidents: await oversightIncidents(db, [systemId], since, now),
  };
}
