import { signInWithPassword } from '@/lib/auth/sign-in';
import type { Actor } from '@/lib/auth/actor';
import { DEMO_PASSWORD } from './demo-data';

/**
 * A demo person signs in, through the real sign-in, before what they do in the browser in a scene (a signature, a
 * decision, a request): their account's last sign-in and the trail then agree with what they signed.
 */
export async function signInForScene(person: Actor) {
  const session = await signInWithPassword({ email: person.email, password: DEMO_PASSWORD }, { ip: person.ip, userAgent: 'demo seed' });
  if (!session) throw new Error(`The demo account ${person.email} could not sign in.`);
}
