import { z } from 'zod';
import { illFormedInputIssues } from '@/lib/http/well-formed';

/** Credentials as MLflow's own client reads them: MLFLOW_TRACKING_TOKEN (bearer) or MLFLOW_TRACKING_USERNAME/PASSWORD (basic). */
export type MlflowAuth = { token?: string; username?: string; password?: string };

const ZTags = z.array(z.object({ key: z.string(), value: z.string().default('') })).default([]);

/** The fields Provenant reads of mlflow/protos/model_registry.proto `RegisteredModel` and `ModelVersion`; others pass. */
export const ZRemoteRegisteredModel = z.object({ name: z.string().min(1), tags: ZTags, aliases: z.array(z.object({ alias: z.string(), version: z.string() })).default([]) });
export const ZRemoteModelVersion = z.object({
  name: z.string().min(1),
  version: z.string().regex(/^\d{1,9}$/),
  source: z.string().nullish(),
  run_id: z.string().nullish(),
  tags: ZTags,
  aliases: z.array(z.string()).default([]),
});

export type RemoteRegisteredModel = z.output<typeof ZRemoteRegisteredModel>;
export type RemoteModelVersion = z.output<typeof ZRemoteModelVersion>;

const PAGE_SIZE = 100;

function authorization(auth: MlflowAuth): Record<string, string> {
  if (auth.token) return { authorization: `Bearer ${auth.token}` };
  if (auth.username) return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password ?? ''}`).toString('base64')}` };
  return {};
}

/**
 * Pages through one of MLflow's search endpoints (`GET /api/2.0/mlflow/<path>` with max_results and page_token)
 * until it gives no next_page_token, refusing more than `limit` items: reconciliation applies them in one transaction.
 */
export async function searchAll<T>(options: { url: string; path: string; listKey: string; item: z.ZodType<T>; auth: MlflowAuth; limit: number }): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let pageToken: string | undefined;
  do {
    const url = new URL(`api/2.0/mlflow/${options.path}`, options.url.endsWith('/') ? options.url : `${options.url}/`);
    url.searchParams.set('max_results', String(PAGE_SIZE));
    if (pageToken) url.searchParams.set('page_token', pageToken);
    const response = await fetch(url, { headers: { accept: 'application/json', ...authorization(options.auth) }, signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    if (!response.ok) throw new Error(`MLflow answered ${response.status} to ${url.pathname}: ${text.slice(0, 300)}`);
    const parsed: unknown = JSON.parse(text);
    // What MLflow holds is anyone's text: names and tags with lone surrogates or NULs go no further than here.
    // (Bidirectional controls are not refused on a whole page: one model's description would stop the reconcile.)
    const issue = illFormedInputIssues(parsed, { bidi: false })[0];
    if (issue) throw new Error(`MLflow answered text that cannot be stored at ${options.path} (${issue.path}): ${issue.message}`);
    const page = z.object({ [options.listKey]: z.array(options.item).default([]), next_page_token: z.string().nullish() }).parse(parsed) as Record<string, unknown>;
    items.push(...(page[options.listKey] as T[]));
    if (items.length > options.limit) throw new Error(`MLflow lists more than ${options.limit} items at ${options.path}; reconcile in one run covers at most that many.`);
    pageToken = (page.next_page_token as string | null | undefined) || undefined;
    if (pageToken && seen.has(pageToken)) throw new Error(`MLflow repeated the page token ${pageToken} at ${options.path}.`);
    if (pageToken) seen.add(pageToken);
  } while (pageToken);
  return items;
}
