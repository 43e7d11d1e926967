import 'server-only';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { Unauthenticated } from '@/lib/errors';
import type { Actor } from './actor';
import { loadUserActor } from './load-actor';
import { authOptions } from './options';
import { requestMetaFrom } from './request-meta';

/**
 * The signed-in person, read afresh from the database once per request (layout and page share it),
 * or null (no session, unknown or disabled user).
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = (await getServerSession(authOptions())) as { userId?: string } | null;
  if (!session?.userId) return null;
  return loadUserActor(session.userId, requestMetaFrom(await headers()));
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
