import 'server-only';
import { z } from 'zod';
import type { Actor } from '@/lib/auth/actor';
import { requireActionActor } from '@/lib/auth/session';
import { Invalid } from '@/lib/errors';
import { parseInput, toDomainError } from './to-domain-error';
import { illFormedInputIssues } from './well-formed';

type ActionFailure = { ok: false; code: string; message: string; fieldErrors: Record<string, string> };
/** The record id a page binds to an action (`action.bind(null, id)`): checked again, since a client may call it with anything. */
export const ZBoundId = z.string().min(1).max(64);

export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

/**
 * What a form shows for a failed action: the domain message, each field's first issue under its path, and an issue
 * about the whole form (no path) as the message itself, since no field could show it. A bug stays unexplained.
 */
export function toActionFailure(error: unknown): ActionFailure {
  const mapped = toDomainError(error);
  if (!mapped) {
    console.error(error);
    return { ok: false, code: 'internal', message: 'Something went wrong on our side.', fieldErrors: {} };
  }
  const fieldErrors: Record<string, string> = {};
  const formIssues: string[] = [];
  for (const issue of mapped.issues ?? []) {
    if (issue.path) fieldErrors[issue.path] ??= issue.message;
    else formIssues.push(issue.message);
  }
  return { ok: false, code: mapped.code, message: formIssues.length > 0 ? formIssues.join(' ') : mapped.message, fieldErrors };
}

/**
 * Runs a server action's verb for the signed-in actor and turns typed errors into a form-friendly result.
 * Input with lone surrogates, NUL or absurd nesting is refused like the API's, before the verb sees it.
 */
export async function runFormAction<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  verb: (actor: Actor, data: z.output<S>) => T | Promise<T>,
  options: { temporaryPassword?: 'allowed' } = {},
): Promise<ActionResult<Awaited<T>>> {
  try {
    const actor = await requireActionActor(options);
    const illFormed = illFormedInputIssues(input);
    if (illFormed.length > 0) throw new Invalid('The form holds text that cannot be accepted.', illFormed);
    return { ok: true, data: await verb(actor, parseInput(schema, input)) };
  } catch (error) {
    return toActionFailure(error);
  }
}
