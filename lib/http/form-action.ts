import 'server-only';
import { z } from 'zod';
import type { Actor } from '@/lib/auth/actor';
import { requireActionActor } from '@/lib/auth/session';
import { parseInput, toDomainError } from './to-domain-error';

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; message: string; fieldErrors: Record<string, string> };

/** Runs a server action's verb for the signed-in actor and turns typed errors into a form-friendly result. */
export async function runFormAction<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  verb: (actor: Actor, data: z.output<S>) => T | Promise<T>,
): Promise<ActionResult<Awaited<T>>> {
  try {
    const actor = await requireActionActor();
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
