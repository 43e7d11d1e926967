import { NextResponse } from 'next/server';
import { z } from 'zod';
import { apiRoute } from '@/lib/http/api-route';
import { BULK_JSON_BODY_LIMIT } from '@/lib/http/read-json-body';
import { ingestRunEvent, ingestRunEvents, type BatchItem } from '@/lib/lineage/openlineage/ingest-event';
import { lineageGraph } from '@/lib/lineage/queries';
import { ZLineageQuery } from '@/lib/lineage/schemas';

/** The graph around ?node=<kind>:<id>&depth=N. */
export const GET = apiRoute({ query: ZLineageQuery }, async ({ actor, query }) => await lineageGraph(actor, query));

const STATUS_OF_CODE: Record<string, number> = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 };

/** 200 with one item per event; when no event was taken, the status of the refusals (400 when they differ). */
function batchResponse(items: BatchItem[]) {
  const count = (status: BatchItem['status']) => items.filter((i) => i.status === status).length;
  const summary = { items, accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected') };
  const refusals = items.flatMap((i) => (i.status === 'rejected' ? [i] : []));
  if (items.length === 0 || refusals.length < items.length) return NextResponse.json(summary);
  const codes = new Set(refusals.map((r) => r.code));
  const code = codes.size === 1 ? refusals[0]!.code : 'invalid';
  const issues = refusals.flatMap((r) => (r.issues ?? [{ path: '', message: r.message }]).map((issue) => ({ path: `${r.index}${issue.path ? `.${issue.path}` : ''}`, message: issue.message })));
  const error = { code, message: `No event of the batch was taken: ${refusals.length === 1 ? refusals[0]!.message : `all ${refusals.length} were refused (see items).`}`, issues };
  return NextResponse.json({ error, ...summary }, { status: STATUS_OF_CODE[code] ?? 400 });
}

/**
 * One OpenLineage RunEvent, as Marquez takes it (201, or 200 for an exact replay, with its warnings), or an array of
 * events answered per event: each lands or is refused on its own.
 */
export const POST = apiRoute({ permission: 'lineage.record', body: z.unknown(), maxBodyBytes: BULK_JSON_BODY_LIMIT }, async ({ actor, body }) => {
  if (Array.isArray(body)) return batchResponse(await ingestRunEvents(actor, body));
  const { status, runId, id, warnings } = await ingestRunEvent(actor, body);
  return NextResponse.json({ status, runId, id, ...(warnings.length ? { warnings } : {}) }, { status: status === 'accepted' ? 201 : 200 });
});
