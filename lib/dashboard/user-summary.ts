import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { countWhere } from '@/db/portable-sql';
import { users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';

/** Counts an admin checks at a glance: active and disabled accounts, and active ones that hold no role. */
export async function userSummary(actor: Actor) {
  assertCan(actor, 'user.manage');
  return first(await getDb()
    .select({
      active: countWhere(eq(users.disabled, false)),
      disabled: countWhere(eq(users.disabled, true)),
      withoutRole: countWhere(and(eq(users.disabled, false), sql`NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = ${users.id})`)),
      neverSignedIn: countWhere(and(eq(users.disabled, false), isNull(users.lastSignInAt))),
    })
    .from(users).limit(1))!;
}
