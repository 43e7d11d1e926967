import { hash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export type HashedFields = {
  seq: number;
  at: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  /** Canonical JSON text (or null), embedded verbatim. */
  before: string | null;
  after: string | null;
  ip: string | null;
  userAgent: string | null;
};

/** JSON string literal; most values need no escaping, and skipping JSON.stringify for them is measurably faster. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const s = (value: string | number | null): string =>
  typeof value === 'string' && !NEEDS_ESCAPE.test(value) ? `"${value}"` : (JSON.stringify(value) as string);

/**
 * The canonical JSON of an event, keys in code-unit order. Built by concatenation so that verification needs
 * no re-parsing of before/after; a unit test holds it equal to canonicalJson() of the same event.
 */
export function canonicalEvent(e: HashedFields): string {
  return (
    `{"action":${s(e.action)},"actorId":${s(e.actorId)},"actorLabel":${s(e.actorLabel)},"actorType":${s(e.actorType)}` +
    `,"after":${e.after ?? 'null'},"at":${s(e.at)},"before":${e.before ?? 'null'},"entityId":${s(e.entityId)}` +
    `,"entityType":${s(e.entityType)},"ip":${s(e.ip)},"seq":${e.seq},"userAgent":${s(e.userAgent)}}`
  );
}

export function eventHash(prevHash: string, e: HashedFields): string {
  return hash('sha256', prevHash + canonicalEvent(e), 'hex');
}
