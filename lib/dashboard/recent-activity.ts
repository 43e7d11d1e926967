import 'server-only';
import { desc, notInArray } from 'drizzle-orm';
import { getDb } from '@/db';
import { auditEvents } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { entityHref } from '@/lib/audit/ledger-entity';
import { assertCan, can } from '@/lib/auth/permissions';
import { activitySentence, type SentencePart } from './activity-sentence';
import { actorName, actorRef, resolveEntityNames, type EntityRef } from './entity-names';

// Routine sign-ins and sign-outs would crowd out the work; the audit trail keeps them (failures stay here).
const ROUTINE_ACTIONS = ['auth.signed_in', 'auth.signed_out'];

export type ActivityItem = { seq: number; at: string; action: string; parts: SentencePart[] };

/** The latest audit events as sentences that name people and records; names come from one batched query. */
export async function recentActivity(actor: Actor, limit = 8): Promise<ActivityItem[]> {
  assertCan(actor, 'audit.read');
  const events = await getDb().select().from(auditEvents).where(notInArray(auditEvents.action, ROUTINE_ACTIONS)).orderBy(desc(auditEvents.seq)).limit(Math.min(limit, 50));
  const refs: EntityRef[] = [];
  for (const e of events) {
    if (e.entityId) refs.push({ type: e.entityType, id: e.entityId });
    const who = actorRef(e);
    if (who) refs.push(who);
  }
  const names = await resolveEntityNames(refs);
  const viewer = { mayManageUsers: can(actor, 'user.manage'), mayManageWebhooks: can(actor, 'webhook.manage') };
  return events.map((e) => {
    const who = actorRef(e);
    const name = e.entityId ? names.get(`${e.entityType}:${e.entityId}`) : undefined;
    // Linked as the ledger links it: admin pages only for admins, a review to the system's reviews.
    const entity = name ? { ...name, href: entityHref(e, name, viewer) } : null;
    return { seq: e.seq, at: e.at, action: e.action, parts: activitySentence(e, actorName(e, who ? names.get(`${who.type}:${who.id}`) : undefined), entity) };
  });
}
