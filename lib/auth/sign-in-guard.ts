import 'server-only';
import { and, eq, gte, inArray } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { auditEvents } from '@/db/schema';
import type { ThrottleKey } from './sign-in-throttle';

const FAMILIAR_FOR_MS = 90 * 24 * 60 * 60 * 1000;

/** Throttle policy of password sign-ins (README "Sign-in throttling"). */
export const SIGN_IN_THROTTLE = {
  /** One address guessing one account: 5 failures in 15 minutes hold that address back for 15 minutes. */
  accountAddress: 5,
  /** One address guessing many accounts (password spraying). */
  address: 50,
  /** The account from every unfamiliar address together: a delay from the 5th failure, doubling, capped. */
  account: { limit: 5, baseMs: 5_000, capMs: 5 * 60_000 },
} as const;

/**
 * The email as typed, made safe to count, look up and audit: ill-formed UTF-16, control characters and bidirectional
 * controls become U+FFFD, so the trail stores exactly the text it hashed, and a stranger's failed sign-in cannot read
 * as someone else's address on the audit page ("\u202Emoc.elpmaxe@nagrom.xela"). Such an email matches no account.
 */
export function signInEmail(raw: string): string {
  return raw.toWellFormed().replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '\ufffd').normalize('NFC').trim().toLowerCase();
}

export function signInThrottleKeys(email: string, ip: string | null) {
  const { accountAddress, address, account } = SIGN_IN_THROTTLE;
  const pair: ThrottleKey = { key: `account-address:${email}|${ip ?? 'unknown'}`, limit: accountAddress };
  const byAddress: ThrottleKey[] = ip ? [{ key: `address:${ip}`, limit: address }] : [];
  const byAccount: ThrottleKey = { key: `account:${email}`, limit: account.limit, backoff: account };
  return {
    pair,
    /** Every failure counts against all of them. */
    all: [pair, ...byAddress, byAccount],
    /** An address this account signed in from before is held back only by its own failures on it. */
    enforced: (familiar: boolean) => (familiar ? [pair] : [pair, ...byAddress, byAccount]),
  };
}

/** Whether this account signed in successfully from this address in the last 90 days (the audit trail says). */
export async function isFamiliarAddress(userId: string, ip: string | null, now = Date.now()): Promise<boolean> {
  if (!ip) return false;
  const since = new Date(now - FAMILIAR_FOR_MS).toISOString();
  // Sign-ins recorded before addresses were unmapped (request-meta.ts) hold an IPv4 client as ::ffff:a.b.c.d.
  const spellings = /^\d{1,3}(\.\d{1,3}){3}$/.test(ip) ? [ip, `::ffff:${ip}`] : [ip];
  const hit = first(await getDb()
    .select({ seq: auditEvents.seq })
    .from(auditEvents)
    .where(and(eq(auditEvents.actorId, userId), eq(auditEvents.action, 'auth.signed_in'), inArray(auditEvents.ip, spellings), gte(auditEvents.at, since)))
    .limit(1));
  return !!hit;
}
