import { z } from 'zod';
import { Conflict, DomainError, Invalid, type FieldIssue } from '@/lib/errors';

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new Invalid('The input is not valid.', fieldIssues(parsed.error));
  return parsed.data;
}

/** One mapping for every caller: typed errors pass through, constraint violations become conflicts, the rest is null. */
export function toDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (error instanceof z.ZodError) return new Invalid('The input is not valid.', fieldIssues(error));
  const code = (error as { code?: string } | null)?.code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new Conflict('A record with the same identifying fields already exists.');
  }
  if (code === 'SQLITE_BUSY') return new Conflict('The database is busy; try again.');
  return null;
}
