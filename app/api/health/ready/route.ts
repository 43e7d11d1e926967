import { NextResponse } from 'next/server';
import { checkReadiness } from '@/lib/health/readiness';
import { isStopping } from '@/lib/http/graceful-stop.mjs';

export const dynamic = 'force-dynamic';

/**
 * Readiness probe: 200 when this replica's database and blob store both answer, else 503 naming the failed check, or
 * 503 "stopping" once a stop has begun.
 * No authentication (load balancers and orchestrators call it) and no details: the reasons are in the server's log.
 */
export async function GET() {
  // Stopping (SIGTERM, lib/http/graceful-stop.mjs): still serving, but the proxy must take this replica out.
  if (isStopping()) return NextResponse.json({ status: 'stopping' }, { status: 503, headers: { 'cache-control': 'no-store' } });
  const readiness = await checkReadiness();
  return NextResponse.json({ status: readiness.ready ? 'ready' : 'unavailable', checks: readiness.checks }, { status: readiness.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
