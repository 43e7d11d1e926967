import 'server-only';
import { sql } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';

/** Counts an admin checks at a glance: active and disabled accounts, and active ones that hold no role. */
export async function userSummary(actor: Actor) {
  assertCan(actor, 'user.manage');
  return first(await getDb()
    .select({
      active: sql<number>`coalesce(sum(${users.disabled} = 0), 0)`,
      disabled: sql<number>`coalesce(sum(${users.disabled} = 1), 0)`,
      withoutRole: sql<number>`coalesce(sum(${users.disabled} = 0 AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = ${users.id})), 0)`,
      neverSignedIn: sql<number>`coalesce(sum(${users.disabled} = 0 AND ${users.lastSignInAt} IS NULL), 0)`,
    })
    .from(users).limit(1))!;
}
