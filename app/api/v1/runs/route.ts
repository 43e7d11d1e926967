import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/http/api-route';
import { listRuns } from '@/lib/lineage/queries';
import { recordRun } from '@/lib/lineage/record-run';
import { ZListRunsQuery, ZRecordRunInput } from '@/lib/lineage/schemas';

export const GET = apiRoute({ query: ZListRunsQuery }, async ({ actor, query }) => await listRuns(actor, query));

/** Idempotent on externalRunId: 201 when the run is new, 200 with the same record on a retry. */
export const POST = apiRoute({ permission: 'lineage.record', body: ZRecordRunInput }, async ({ actor, body }) => {
  const { run, created } = await recordRun(actor, body);
  return NextResponse.json(run, { status: created ? 201 : 200 });
});
