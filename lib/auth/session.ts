import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { Unauthenticated } from '@/lib/errors';
import type { Actor } from './actor';
import { actorFromSession } from './session-actor';

/**
 * The signed-in person, read afresh from the database once per request (layout and page share it),
 * or null (no live session, unknown or disabled user).
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const jar = await cookies();
  return actorFromSession({ headers: await headers(), cookies: Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])) });
});

/** For pages: the actor, or a redirect to sign-in. */
export async function requirePageActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  return actor;
}

/** For server actions: the actor, or an Unauthenticated error the action wrapper maps. */
export async function requireActionActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw new Unauthenticated();
  return actor;
}
