import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { userEmails, users } from '@/db/schema';
import { Conflict } from '@/lib/errors';

/**
 * Refuses an address someone else holds or has held (`userId` null: a new account): an address names one person for
 * good, so the audit trail's labels and the records that store a person by email (who classified a tier) keep meaning
 * them. Answers whether the person already holds it on record (they may take back an address of their own).
 */
export async function assertAddressFree(tx: Tx, email: string, userId: string | null): Promise<boolean> {
  const holder = first(await tx.select({ userId: userEmails.userId, name: users.name, current: users.email }).from(userEmails).innerJoin(users, eq(users.id, userEmails.userId)).where(eq(userEmails.email, email)).limit(1));
  if (holder && holder.userId !== userId) {
    const why = holder.current === email
      ? `${email} is the address of ${holder.name}.`
      : `${email} was an address of ${holder.name}: an address names one person for good in the audit trail, so choose another.`;
    throw new Conflict(why, [{ path: 'email', message: why }]);
  }
  return holder !== undefined;
}

/** Gives a person an address for good, once assertAddressFree allows it. */
export async function claimEmail(tx: Tx, userId: string, email: string, now: string) {
  if (!(await assertAddressFree(tx, email, userId))) await tx.insert(userEmails).values({ email, userId, since: now });
}

/**
 * Every address each person has held, their current one included: every account holds it in user_emails from its
 * creation (claimEmail), or from the migration that made the table.
 */
export async function addressesOf(db: Db | Tx, userIds: string[]): Promise<Map<string, Set<string>>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const held = await db.select({ userId: userEmails.userId, email: userEmails.email }).from(userEmails).where(inArray(userEmails.userId, ids));
  const byUser = new Map(ids.map((id) => [id, new Set<string>()]));
  for (const { userId, email } of held) byUser.get(userId)!.add(email);
  return byUser;
}

/** A person with every address they have held, as a check that matches records stored by email needs them. */
export async function withAddresses<T extends { userId: string }>(db: Db | Tx, person: T): Promise<T & { addresses: Set<string> }> {
  return { ...person, addresses: (await addressesOf(db, [person.userId])).get(person.userId)! };
}
