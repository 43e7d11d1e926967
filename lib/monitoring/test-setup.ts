import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import * as route from '@/app/api/v1/monitoring/route';
import { unguardedWriter } from '@/db';
import { modelVersions } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { reportDeployment } from '@/lib/lineage/report-deployment';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeSystem } from '@/lib/testing';

/** Test support: a production version of a system `owner` owns, deployed at an endpoint, and a token to report on it. */
export async function monitoredDeployment(owner: Actor, label: string, riskTier: 'high' | 'limited' | 'minimal' = 'high') {
  await ensureDefaultPolicies(systemActor('test'));
  const system = await makeSystem(owner, { name: `Monitored ${label}`, riskTier });
  const model = await createModel(owner, { systemId: system.id, name: `scorer-${label}` });
  const sha = Buffer.from(label.padEnd(32, '0').slice(0, 32)).toString('hex');
  const version = await createModelVersion(owner, { modelId: model.id, version: '1.0', artifactSha256: sha, format: 'onnx' });
  // Promotion has its own tests; monitoring only needs a version in production.
  await unguardedWriter().update(modelVersions).set({ stage: 'production' }).where(eq(modelVersions.id, version.id));
  const { deployment } = await reportDeployment(owner, { environment: 'production', endpoint: `https://${label}.example/predict`, reportedSha256: sha, modelVersionId: version.id });
  const token = (await createApiToken(systemActor('test'), owner.userId, { name: `monitor-${label}`, scopes: ['monitoring:write'] })).secret;
  return { system, version, deployment, token };
}

/** Posts to POST /api/v1/monitoring as a pipeline would; `raw` sends the text as is (for 1e999 and the like). */
export function postMonitoring(secret: string, body: unknown, query = '', raw?: string) {
  const request = new NextRequest(`http://localhost/api/v1/monitoring${query}`, { method: 'POST', body: raw ?? JSON.stringify(body), headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' } });
  return route.POST(request, { params: Promise.resolve({}) });
}

export const hoursAgo = (h: number, now = Date.now()) => new Date(now - h * 3_600_000).toISOString();
