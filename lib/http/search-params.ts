import type { z } from 'zod';

type Params = Record<string, string | string[] | undefined>;

/** Parses page search params with a schema; invalid values fall back to the defaults rather than an error page. */
export function parseSearchParams<S extends z.ZodType>(schema: S, params: Params): { query: z.output<S>; raw: Record<string, string | undefined>; invalid: boolean } {
  const raw = Object.fromEntries(
    Object.entries(params)
      .map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])
      .filter(([, v]) => v !== undefined && v !== ''),
  ) as Record<string, string | undefined>;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { query: parsed.data, raw, invalid: false };
  return { query: schema.parse({}), raw: {}, invalid: true };
}
