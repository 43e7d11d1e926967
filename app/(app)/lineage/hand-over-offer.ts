import 'server-only';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { peopleWhoMay } from '@/lib/users/people-who-may';
import { handOverDeploymentAction } from './actions';

/** What a risk officer needs to hand endpoints over (people who may report, other than themselves), or nothing. */
export async function handOverOffer(actor: Actor) {
  if (!can(actor, 'deployment.hand_over')) return undefined;
  const people = (await peopleWhoMay('deployment.report')).filter((p) => p.id !== actor.userId);
  return { people, actionFor: (id: string) => handOverDeploymentAction.bind(null, id) };
}
