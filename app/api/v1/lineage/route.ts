import { NextResponse } from 'next/server';
import { z } from 'zod';
import { apiRoute } from '@/lib/http/api-route';
import { ingestRunEvent } from '@/lib/lineage/openlineage/ingest-event';
import { lineageGraph } from '@/lib/lineage/queries';
import { ZLineageQuery } from '@/lib/lineage/schemas';

/** The graph around ?node=<kind>:<id>&depth=N. */
export const GET = apiRoute({ query: ZLineageQuery }, ({ actor, query }) => lineageGraph(actor, query));

/** One OpenLineage RunEvent, as Marquez takes it: 201 with the run it merged into. */
export const POST = apiRoute({ body: z.unknown(), status: 201 }, ({ actor, body }) => {
  const { run } = ingestRunEvent(actor, body);
  return NextResponse.json({ runId: run.externalRunId, id: run.id }, { status: 201 });
});
