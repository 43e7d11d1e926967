import { NextResponse } from 'next/server';
import { checkReadiness } from '@/lib/health/readiness';

export const dynamic = 'force-dynamic';

/**
 * Readiness probe: 200 when this replica's database and blob store both answer, else 503 naming the failed check.
 * No authentication (load balancers and orchestrators call it) and no details: the reasons are in the server's log.
 */
export async function GET() {
  const readiness = await checkReadiness();
  return NextResponse.json({ status: readiness.ready ? 'ready' : 'unavailable', checks: readiness.checks }, { status: readiness.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
