import 'server-only';
import { z } from 'zod';
import type { Actor } from '@/lib/auth/actor';
import { requireActionActor } from '@/lib/auth/session';
import { Invalid } from '@/lib/errors';
import { parseInput, toDomainError } from './to-domain-error';
import { illFormedInputIssues } from './well-formed';

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; message: string; fieldErrors: Record<string, string> };

/**
 * Runs a server action's verb for the signed-in actor and turns typed errors into a form-friendly result.
 * Input with lone surrogates, NUL or absurd nesting is refused like the API's, before the verb sees it.
 */
export async function runFormAction<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  verb: (actor: Actor, data: z.output<S>) => T | Promise<T>,
): Promise<ActionResult<Awaited<T>>> {
  try {
    const actor = await requireActionActor();
    const illFormed = illFormedInputIssues(input);
    if (illFormed.length > 0) throw new Invalid('The form holds text that cannot be accepted.', illFormed);
    return { ok: true, data: await verb(actor, parseInput(schema, input)) };
  } catch (error) {
    const mapped = toDomainError(error);
    if (!mapped) {
      console.error(error);
      return { ok: false, code: 'internal', message: 'Something went wrong on our side.', fieldErrors: {} };
    }
    const fieldErrors: Record<string, string> = {};
    for (const issue of mapped.issues ?? []) fieldErrors[issue.path || '_'] ??= issue.message;
    return { ok: false, code: mapped.code, message: mapped.message, fieldErrors };
  }
}
