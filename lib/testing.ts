import { eq } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { users, type Role } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import type { Reauthenticated } from '@/lib/auth/reauthenticate';
import { systemActor } from '@/lib/auth/actor';
import { recordTierConfirmation } from '@/lib/inventory/confirm-tier';
import { createSystem } from '@/lib/inventory/create-system';
import { needsTierConfirmation } from '@/lib/inventory/tier-confirmation';
import { createUser } from '@/lib/users/create-user';

/** Test support: real users in the test database, and actors for them. Used only by *.test.ts files. */
export async function makeActor(roles: Role[], label = roles.join('-')): Promise<Actor> {
  const email = `${label}-${Math.random().toString(36).slice(2, 8)}@test.example`;
  const user = await createUser(systemActor('test'), { email, name: `Test ${label}`, roles, password: 'correct horse battery staple' });
  return { type: 'user', userId: user.id, email: user.email, name: user.name, roles: user.roles, ip: '127.0.0.1', userAgent: 'vitest' };
}

/**
 * What `reauthenticate` answers for this person now, without the password hash's seconds: for a test (or the benchmark)
 * that calls a signing transaction directly, such as commitSignature or recordTierConfirmation.
 */
export async function reauthenticatedNow(actor: Actor): Promise<Reauthenticated> {
  const row = first(await getDb().select({ hash: users.passwordHash }).from(users).where(eq(users.id, actor.userId)).limit(1))!;
  return { userId: actor.userId, verifiedHash: row.hash, sessionId: actor.sessionId ?? null };
}

let confirmer: Promise<Actor> | null = null;

/** A risk officer who owns nothing: confirms the tiers of the systems tests make. */
export async function tierConfirmer() {
  confirmer ??= makeActor(['risk_officer'], 'tier-confirmer');
  return await confirmer;
}

/** Every part of a system's documentation, as the high tier's production policy asks (lib/promotion/documentation.ts). */
export const DOCUMENTED = {
  intendedUse: 'Decision support for unsecured personal loans.',
  outOfScopeUses: 'Mortgages; automated rejection.',
  humanOversight: 'A credit officer reviews every decline.',
  limitations: 'Not validated for thin credit files.',
  ethicalConsiderations: 'No protected attributes; parity monitored.',
  recommendations: 'Decision support only.',
};

/**
 * A documented system as its owner registers it; a limited or minimal tier is then confirmed by another risk officer,
 * as its production gate asks (`confirmTier: false` leaves it waiting).
 */
export async function makeSystem(actor: Actor, overrides: Partial<Parameters<typeof createSystem>[1]> & { confirmTier?: boolean } = {}) {
  const { confirmTier = true, ...input } = overrides;
  const system = await createSystem(actor, { name: 'Credit scoring', purpose: 'Scores loan applicants.', riskTier: 'high', ...DOCUMENTED, ...input });
  if (!confirmTier || !needsTierConfirmation(system.riskTier)) return system;
  const confirmer = await tierConfirmer();
  return await recordTierConfirmation(confirmer, system.id, { riskTier: system.riskTier }, new Date(), await reauthenticatedNow(confirmer));
}

export async function userRow(id: string) {
  return first(await getDb().select().from(users).where(eq(users.id, id)).limit(1));
}
