import { NextResponse } from 'next/server';
import { z } from 'zod';
import { apiRoute } from '@/lib/http/api-route';
import { BULK_JSON_BODY_LIMIT } from '@/lib/http/read-json-body';
import { ingestRunEvent, ingestRunEvents } from '@/lib/lineage/openlineage/ingest-event';
import { lineageGraph } from '@/lib/lineage/queries';
import { ZLineageQuery } from '@/lib/lineage/schemas';

/** The graph around ?node=<kind>:<id>&depth=N. */
export const GET = apiRoute({ query: ZLineageQuery }, ({ actor, query }) => lineageGraph(actor, query));

/**
 * One OpenLineage RunEvent, as Marquez takes it (201 with the run it merged into), or an array of events, taken
 * in order, each atomically, after all were validated (201 with one result per event).
 */
export const POST = apiRoute({ permission: 'lineage.record', body: z.unknown(), status: 201, maxBodyBytes: BULK_JSON_BODY_LIMIT }, ({ actor, body }) => {
  const summary = ({ run }: ReturnType<typeof ingestRunEvent>) => ({ runId: run.externalRunId, id: run.id });
  return NextResponse.json(Array.isArray(body) ? { items: ingestRunEvents(actor, body).map(summary) } : summary(ingestRunEvent(actor, body)), { status: 201 });
});
