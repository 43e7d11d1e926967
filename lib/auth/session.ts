import 'server-only';
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { Forbidden, Unauthenticated } from '@/lib/errors';
import type { Actor } from './actor';
import { TEMPORARY_PASSWORD_REFUSAL } from './permissions';
import { actorFromSession } from './session-actor';

/**
 * The signed-in person, read afresh from the database once per request (layout and page share it),
 * or null (no live session, unknown or disabled user).
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const jar = await cookies();
  return actorFromSession({ headers: await headers(), cookies: Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])) });
});

/** Where a person signed in with a temporary password goes, whatever page they asked for. */
export const CHOOSE_PASSWORD_PATH = '/choose-password';

/**
 * For pages: the actor, or a redirect to sign-in (or to choosing a password, for a temporary one). A person who holds
 * no role yet (one awaiting confirmation, or whose roles a password reset suspended) gets the 403 page, which says so,
 * except on the pages written for them (`roleless: 'allowed'`: the frame, home and their account).
 */
export async function requirePageActor(options: { roleless?: 'allowed' } = {}): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  if (actor.mustChoosePassword) redirect(CHOOSE_PASSWORD_PATH);
  if (actor.roles.length === 0 && options.roleless !== 'allowed') forbidden();
  return actor;
}

/**
 * For server actions: the actor, or an error the action wrapper maps. A session on a temporary password may only
 * run the action that replaces it.
 */
export async function requireActionActor(options: { temporaryPassword?: 'allowed' } = {}): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw new Unauthenticated();
  if (actor.mustChoosePassword && options.temporaryPassword !== 'allowed') throw new Forbidden(TEMPORARY_PASSWORD_REFUSAL);
  return actor;
}
