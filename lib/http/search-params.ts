import type { z } from 'zod';
import { humanize } from '@/lib/words';
import { plainIssueMessage } from './to-domain-error';

type Params = Record<string, string | string[] | undefined>;

/**
 * Parses page search params with a schema; invalid values fall back to the defaults rather than an error page, and
 * `problems` says what was wrong with them.
 */
export function parseSearchParams<S extends z.ZodType>(schema: S, params: Params): { query: z.output<S>; raw: Record<string, string | undefined>; invalid: boolean; problems: string[] } {
  const raw = Object.fromEntries(
    Object.entries(params)
      .map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])
      .filter(([, v]) => v !== undefined && v !== ''),
  ) as Record<string, string | undefined>;
  // The app's plain messages, as forms and the API give them, each named by its filter ("From: Use a date as YYYY-MM-DD.").
  const parsed = schema.safeParse(raw, { error: plainIssueMessage });
  if (parsed.success) return { query: parsed.data, raw, invalid: false, problems: [] };
  const named = (issue: z.core.$ZodIssue) => (issue.path.length ? `${humanize(String(issue.path[0]))}: ${issue.message}` : issue.message);
  return { query: schema.parse({}), raw: {}, invalid: true, problems: [...new Set(parsed.error.issues.map(named))] };
}

export type PageWindow = { page: number; pages: number; total: number; first: number; last: number; pastEnd: boolean };

/**
 * Where a requested page sits in a list of `total` rows: the rows it shows (first..last, 1-based, 0 when none)
 * and whether it lies past the last page, so a stale or edited URL gets a way back rather than "2,451–12 of 12".
 */
export function pageWindow({ page, pageSize, total }: { page: number; pageSize: number; total: number }): PageWindow {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const pastEnd = page > pages;
  if (total === 0 || pastEnd) return { page, pages, total, first: 0, last: 0, pastEnd };
  return { page, pages, total, first: (page - 1) * pageSize + 1, last: Math.min(total, page * pageSize), pastEnd };
}
