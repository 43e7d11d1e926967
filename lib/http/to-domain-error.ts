import { z } from 'zod';
import { Conflict, DomainError, InsufficientStorage, Invalid, Unavailable, type FieldIssue } from '@/lib/errors';

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new Invalid('The input is not valid.', fieldIssues(parsed.error));
  return parsed.data;
}

const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
const UNAVAILABLE = /^(SQLITE_READONLY|SQLITE_IOERR|SQLITE_CANTOPEN|SQLITE_CORRUPT|SQLITE_NOTADB|SQLITE_LOCKED|EROFS|EIO)/;

/** The error code of an SQLite or file-system error, also when a library wrapped it (drizzle keeps it as `cause`). */
function systemCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * One mapping for every caller: typed errors pass through, constraint violations become conflicts, a full disk is
 * 507 and a read-only or failing one 503 (both changed nothing: the transaction rolled back), the rest is null.
 */
export function toDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (error instanceof z.ZodError) return new Invalid('The input is not valid.', fieldIssues(error));
  const code = systemCode(error);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new Conflict('A record with the same identifying fields already exists.');
  }
  if (code === 'SQLITE_BUSY') return new Conflict('The database is busy; try again.');
  if (code && FULL.has(code)) return new InsufficientStorage();
  if (code && UNAVAILABLE.test(code)) return new Unavailable('The server cannot store anything right now (its storage is read-only or failing); nothing was kept. Try again later.');
  return null;
}
