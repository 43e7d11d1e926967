import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db';
import { userEmails, users } from '@/db/schema';
import type { PersonRef } from '@/lib/format/person';

/**
 * Names the people a record knows only by email (a risk classification stores who classified it that way), by the
 * address they had then: the person answers with their name and the address they have now.
 */
export async function peopleByEmail(db: Db, emails: (string | null | undefined)[]): Promise<Map<string, PersonRef>> {
  const wanted = [...new Set(emails.filter((e): e is string => Boolean(e)))];
  if (wanted.length === 0) return new Map();
  // Every account holds its current address in user_emails too (created with it, and backfilled by the migration).
  const rows = await db.select({ held: userEmails.email, name: users.name, email: users.email }).from(userEmails).innerJoin(users, eq(users.id, userEmails.userId)).where(inArray(userEmails.email, wanted));
  return new Map(rows.map(({ held, ...person }) => [held, person] as const));
}

/** The person behind a stored email: their name when they are a user, else the email alone. */
export async function personByEmail(db: Db, email: string | null | undefined): Promise<PersonRef | null> {
  if (!email) return null;
  return (await peopleByEmail(db, [email])).get(email) ?? { name: null, email };
}
