import 'server-only';
import { and, count, desc, eq, gte, inArray, lt, notInArray, or, type SQL } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { apiTokens, auditEvents, userEmails, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { actorName, actorRef, entityKey, resolveEntityNames, type EntityRef } from '@/lib/dashboard/entity-names';
import { activitySentence } from '@/lib/dashboard/activity-sentence';
import { containsAny, offsetOf } from '@/lib/db-helpers';
import { peopleByEmail } from '@/lib/users/people';
import { aboutRecord } from './about-record';
import { ledgerEntity } from './ledger-entity';
import type { ListAuditQuery } from './schemas';
import { verifyAuditChain } from './verify-chain';

function nextDay(date: string) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/**
 * Who acted: by the email the event records, the name the ledger shows for them, or any address they have held, so a
 * person is found under the address they had then as well as the one they have now (their API tokens' events too).
 */
function actorFilter(words: string): SQL {
  const db = getDb();
  const people = db.select({ id: users.id }).from(users).where(containsAny([users.name], words));
  const holders = db.select({ id: userEmails.userId }).from(userEmails).where(containsAny([userEmails.email], words));
  const tokens = db.select({ id: apiTokens.id }).from(apiTokens).where(inArray(apiTokens.userId, holders));
  return or(containsAny([auditEvents.actorLabel], words), inArray(auditEvents.actorId, people), inArray(auditEvents.actorId, holders), inArray(auditEvents.actorId, tokens))!;
}

/** The WHERE clause of the audit filters, shared by the audit page, the API list and the CSV export. */
export function auditEventFilter(query: Omit<ListAuditQuery, 'page' | 'pageSize'>): SQL | undefined {
  const filters: SQL[] = [];
  if (query.action) filters.push(eq(auditEvents.action, query.action));
  if (query.entityType) filters.push(eq(auditEvents.entityType, query.entityType));
  if (query.entityId) filters.push(eq(auditEvents.entityId, query.entityId));
  if (query.about) filters.push(aboutRecord(query.about));
  if (query.actor) filters.push(actorFilter(query.actor));
  // Sign-ins and sign-outs are most of a busy trail; a refused sign-in is a security event and always stays.
  if (query.sessions === 'hidden') filters.push(notInArray(auditEvents.action, ['auth.signed_in', 'auth.signed_out']));
  if (query.from) filters.push(gte(auditEvents.at, `${query.from}T00:00:00.000Z`));
  if (query.to) filters.push(lt(auditEvents.at, nextDay(query.to)));
  return filters.length ? and(...filters) : undefined;
}

export async function listAuditEvents(actor: Actor, query: ListAuditQuery) {
  assertCan(actor, 'audit.read');
  const db = getDb();
  const where = auditEventFilter(query);
  const items = await db.select().from(auditEvents).where(where).orderBy(desc(auditEvents.seq)).limit(query.pageSize).offset(offsetOf(query));
  const total = first(await db.select({ n: count() }).from(auditEvents).where(where).limit(1))?.n ?? 0;
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** A page of events as the ledger shows them: who acted and what they acted on, by name, from one batched lookup. */
export async function listAuditLedger(actor: Actor, query: ListAuditQuery) {
  const result = await listAuditEvents(actor, query);
  const refs: EntityRef[] = [];
  for (const e of result.items) {
    if (e.entityId) refs.push({ type: e.entityType, id: e.entityId });
    const who = actorRef(e);
    if (who) refs.push(who);
  }
  const names = await resolveEntityNames(refs);
  const viewer = { mayManageUsers: can(actor, 'user.manage'), mayManageWebhooks: can(actor, 'webhook.manage') };
  const items = result.items.map((e) => {
    const who = actorRef(e);
    const named = actorName(e, who ? names.get(entityKey(who)) : undefined);
    const entityName = e.entityId ? names.get(entityKey({ type: e.entityType, id: e.entityId })) : undefined;
    return {
      ...e,
      actorName: named,
      entity: ledgerEntity(e, entityName, viewer),
      // The dashboard's sentence for the same event, so the ledger reads in words as well as in its exact action name.
      summary: activitySentence(e, named, entityName ?? null).map((part) => ('text' in part ? part.text : part.entity.label)).join(''),
    };
  });
  return { ...result, items };
}
export type LedgerEvent = Awaited<ReturnType<typeof listAuditLedger>>['items'][number];

export async function auditHead(actor: Actor) {
  assertCan(actor, 'audit.read');
  return first(await getDb().select({ seq: auditEvents.seq, hash: auditEvents.hash, at: auditEvents.at }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1)) ?? null;
}

export async function verifyAuditTrail(actor: Actor) {
  assertCan(actor, 'audit.read');
  const chain = await verifyAuditChain();
  // The chain records who acknowledged a break by email; the page names them like everyone else.
  const people = await peopleByEmail(getDb(), chain.acknowledgedBreaks.map((b) => b.acknowledgedBy));
  return { ...chain, acknowledgedBreaks: chain.acknowledgedBreaks.map((b) => ({ ...b, acknowledgedByName: people.get(b.acknowledgedBy)?.name ?? null })) };
}
export type AuditTrailVerification = Awaited<ReturnType<typeof verifyAuditTrail>>;
