import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/http/api-route';
import { listDeployments } from '@/lib/lineage/queries';
import { reportDeployment } from '@/lib/lineage/report-deployment';
import { ZListDeploymentsQuery, ZReportDeploymentInput } from '@/lib/lineage/schemas';

export const GET = apiRoute({ query: ZListDeploymentsQuery }, async ({ actor, query }) => {
  const { items, ...page } = await listDeployments(actor, query);
  return { items: items.map(({ deployment, ...rest }) => ({ ...deployment, ...rest })), ...page };
});

/** A running service reports its digest; idempotent on environment + endpoint. */
export const POST = apiRoute({ permission: 'deployment.report', body: ZReportDeploymentInput }, async ({ actor, body }) => {
  const { deployment, created, integrity } = await reportDeployment(actor, body);
  return NextResponse.json({ ...deployment, integrity: integrity ?? null }, { status: created ? 201 : 200 });
});
