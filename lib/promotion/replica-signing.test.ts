import { spawn } from 'node:child_process';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb } from '@/db';
import { auditEvents, promotionRequests, signatures } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createModel } from '@/lib/inventory/create-model';
import { makeActor, makeSystem } from '@/lib/testing';
import { requestPromotion } from './request-promotion';
import { ZSignRequestInput } from './schemas';
import { signRequest } from './sign-request';
import { evidencedVersion } from './test-artifacts';
import { ensureDefaultPolicies } from './update-policy';

const PASSWORD = 'correct horse battery staple';

/**
 * A replica: another process on the same database (DATABASE_URL or DATA_DIR, inherited), with its own connections. At
 * GO it signs for every officer it is given at once and prints each outcome.
 */
const REPLICA = `
import { signRequest } from '@/lib/promotion/sign-request';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { databaseReady } from '@/db';
void (async () => {
  await databaseReady();
  const officers = JSON.parse(process.env.OFFICERS);
  const request = JSON.parse(process.env.REQUEST);
  while (Date.now() < Number(process.env.GO)) await new Promise((resolve) => setTimeout(resolve, 1));
  const outcomes = await Promise.all(officers.map((officer) =>
    signRequest(officer, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', comment: '', password: process.env.PASSWORD, snapshotSha256: request.snapshotSha256 }))
      .then(() => 'signed', (error) => error.code ?? String(error))));
  console.log(JSON.stringify(outcomes));
})();
`;

function replica(officers: Actor[], request: { id: string; snapshotSha256: string }, go: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, OFFICERS: JSON.stringify(officers), REQUEST: JSON.stringify(request), GO: String(go), PASSWORD };
    const child = spawn('npx', ['tsx', '--conditions=react-server', '--eval', REPLICA], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop()!) as string[]);
      else reject(new Error(`replica exited ${code}: ${err}`));
    });
  });
}

let ds: Actor;
let sr: Actor;
let officers: Actor[];
let modelId: string;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, sr, ...officers] = await Promise.all([makeActor(['data_scientist']), makeActor(['security_reviewer']), ...Array.from({ length: 20 }, () => makeActor(['risk_officer']))]);
  modelId = (await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'high' })).id, name: 'replicated scorer' })).id;
}, 120_000);

describe('two replicas on one database', () => {
  it('make exactly one transition from twenty concurrent last signatures, ten on each', async () => {
    const version = await evidencedVersion(ds, modelId, 'replicated-1');
    const request = await requestPromotion(ds, { modelVersionId: version.id, targetStage: 'production', justification: 'Evidence complete; signed on two replicas at once.' });
    await signRequest(sr, ZSignRequestInput.parse({ requestId: request.id, role: 'security_reviewer', decision: 'approve', comment: '', password: PASSWORD, snapshotSha256: request.snapshotSha256 }));

    // Both replicas start (tsx, connections, migrations checked) well before GO, then sign at the same moment.
    const go = Date.now() + 15_000;
    const outcomes = (await Promise.all([replica(officers.slice(0, 10), request, go), replica(officers.slice(10), request, go)])).flat();
    expect(outcomes).toHaveLength(20);
    expect(outcomes.filter((o) => o === 'signed')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'signed')).toEqual(Array(19).fill('conflict'));

    expect(await getDb().select().from(signatures).where(eq(signatures.requestId, request.id))).toHaveLength(2);
    expect(first(await getDb().select().from(promotionRequests).where(eq(promotionRequests.id, request.id)).limit(1))!.status).toBe('approved');
    const signed = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'promotion.signed'), eq(auditEvents.entityId, request.id)));
    expect(signed).toHaveLength(2);
    expect((await verifyAuditChain()).ok).toBe(true);
  }, 120_000);
});
