import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb, unguardedWriter } from '@/db';
import { auditEvents, blobs, modelVersions } from '@/db/schema';
import { OS_SYSTEM_PICKLE } from '@/lib/artifacts/scan/testing';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { parseInput } from '@/lib/http/to-domain-error';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { gateForVersion } from './gate-context';
import { currentPolicy, unscannedAllowedAhead } from './policy-queries';
import { ZUpdatePolicyInput } from './policy-schemas';
import { safetensorsBytes, uploadBytes } from './test-artifacts';
import { ensureDefaultPolicies, updatePolicy } from './update-policy';

let ds: Actor;
let admin: Actor;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, admin] = await Promise.all([makeActor(['data_scientist']), makeActor(['admin'])]);
});

let counter = 0;
/** A version of a fresh model registered with `digest`, with the evidence the staging gate of its tier asks for. */
async function registered(digest: string, riskTier: 'high' | 'limited' | 'minimal' = 'minimal') {
  const model = await createModel(ds, { systemId: (await makeSystem(ds, { riskTier })).id, name: `scan-${++counter}` });
  const version = await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: digest, format: 'safetensors' });
  for (const kind of ['performance', 'robustness'] as const) {
    await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind, environment: 'staging', artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
  }
  return version;
}
const scanOf = async (id: string) => first(await getDb().select({ status: modelVersions.scanStatus, findings: modelVersions.scanFindings }).from(modelVersions).where(eq(modelVersions.id, id)).limit(1))!;
const scanRequirement = async (id: string, target: 'staging' | 'production' = 'staging') => (await gateForVersion(getDb(), id, target)).gate.requirements.find((r) => r.id === 'scan')!;
const scanEvents = async (id: string) => await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'model_version.scan_updated'), eq(auditEvents.entityId, id)));

describe('the scan follows the bytes', () => {
  it('fails the gate for a version whose bytes were never uploaded, and says what to do', async () => {
    const version = await registered('ab'.repeat(32));
    expect(version.scanStatus).toBe('unknown');
    for (const target of ['staging', 'production'] as const) {
      expect(await scanRequirement(version.id, target)).toMatchObject({ met: false, detail: "Not scanned: upload the artifact's bytes so the server can scan them." });
    }
    expect((await gateForVersion(getDb(), version.id, 'staging')).gate.passed).toBe(false);
  });

  it('updates every version registered with the digest when the bytes arrive, one audited event each in the upload transaction', async () => {
    const bytes = safetensorsBytes('scan-follows');
    const [a, b] = [await registered(sha(bytes)), await registered(sha(bytes), 'high')];
    const uploaded = await uploadBytes(ds, bytes);
    expect(uploaded.scan.status).toBe('clean');
    for (const v of [a, b]) {
      expect((await scanOf(v.id)).status).toBe('clean');
      expect(await scanEvents(v.id)).toHaveLength(1);
      expect(JSON.parse((await scanEvents(v.id))[0]!.after!)).toMatchObject({ scanStatus: 'clean', artifactSha256: uploaded.sha256 });
    }
    const upload = first(await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'artifact.uploaded'), eq(auditEvents.entityId, uploaded.sha256))).limit(1))!;
    expect([(await scanEvents(a.id))[0]!.seq, (await scanEvents(b.id))[0]!.seq].sort()).toEqual([upload.seq + 1, upload.seq + 2]);
    expect(await scanRequirement(a.id)).toMatchObject({ met: true, detail: 'Clean.' });
    expect((await gateForVersion(getDb(), a.id, 'staging')).gate.passed).toBe(true);
    // The same bytes again change nothing and write nothing.
    await uploadBytes(ds, bytes);
    expect(await scanEvents(a.id)).toHaveLength(1);
  });

  it('marks a version unsafe when the bytes that arrive load code, and the gate says why', async () => {
    const version = await registered(sha(OS_SYSTEM_PICKLE));
    await uploadBytes(ds, OS_SYSTEM_PICKLE, 'model.pkl');
    expect((await scanOf(version.id)).status).toBe('unsafe');
    expect(await scanRequirement(version.id)).toMatchObject({ met: false, detail: expect.stringMatching(/^Unsafe: /) });
  });

  it('gives a version registered after its bytes their scan at once, and heals one left unknown when the bytes are sent again', async () => {
    const bytes = safetensorsBytes('uploaded-first');
    await uploadBytes(ds, bytes);
    expect((await registered(sha(bytes))).scanStatus).toBe('clean');
    const legacy = await registered(sha(bytes));
    await unguardedWriter().update(modelVersions).set({ scanStatus: 'unknown', scanFindings: [] }).where(eq(modelVersions.id, legacy.id));
    await uploadBytes(ds, bytes);
    expect((await scanOf(legacy.id)).status).toBe('clean');
    expect(await scanEvents(legacy.id)).toHaveLength(1);
  });

  it('lets an unscanned version through only where the tier policy explicitly allows it, versioned and audited, and warns', async () => {
    const version = await registered('cd'.repeat(32), 'limited');
    const before = (await currentPolicy(getDb(), 'limited', 'staging'))!;
    expect(before.rules.allowUnscanned).toBeUndefined();
    const next = await updatePolicy(admin, parseInput(ZUpdatePolicyInput, { riskTier: 'limited', targetStage: 'staging', reason: 'Changed by a test.', rules: { ...before.rules, allowUnscanned: true } }));
    expect(next.version).toBe(before.version + 1);
    const event = (await getDb().select().from(auditEvents).where(eq(auditEvents.action, 'policy.updated'))).at(-1)!;
    expect(JSON.parse(event.after!)).toMatchObject({ version: next.version, allowUnscanned: true });
    expect(await scanRequirement(version.id)).toMatchObject({ met: true, warning: true, detail: expect.stringMatching(/^Not scanned: the policy/) });
    expect(await scanRequirement(version.id, 'production')).toMatchObject({ met: false });
    expect(() => parseInput(ZUpdatePolicyInput, { riskTier: 'limited', targetStage: 'staging', reason: 'Changed by a test.', rules: { ...before.rules, allowUnscanned: 'yes' } })).toThrow();
    // The version page tells a version in development that its gates pass such bytes only once every policy ahead does.
    expect(await unscannedAllowedAhead(ds, 'limited', 'development')).toBe(false);
    const production = (await currentPolicy(getDb(), 'limited', 'production'))!;
    await updatePolicy(admin, parseInput(ZUpdatePolicyInput, { riskTier: 'limited', targetStage: 'production', reason: 'Changed by a test.', rules: { ...production.rules, allowUnscanned: true } }));
    expect([await unscannedAllowedAhead(ds, 'limited', 'development'), await unscannedAllowedAhead(ds, 'limited', 'staging'), await unscannedAllowedAhead(ds, 'high', 'staging'), await unscannedAllowedAhead(ds, 'prohibited', 'development')]).toEqual([true, true, false, false]);
  });

  it('never takes a clean verdict of an older scanner as clean: the gate says so, and uploading the bytes again rescans them', async () => {
    const bytes = safetensorsBytes('older-scanner');
    const digest = (await uploadBytes(ds, bytes)).sha256;
    const version = await registered(digest);
    expect(await scanRequirement(version.id)).toMatchObject({ met: true, detail: 'Clean.' });
    // As the blob row of a version that an earlier scanner (which missed polyglots) called clean.
    await unguardedWriter().update(blobs).set({ scan: { status: 'clean', findings: [] } }).where(eq(blobs.sha256, digest));
    expect(await scanRequirement(version.id)).toMatchObject({ met: false, detail: expect.stringMatching(/^Not confirmed by the current scanner/) });
    await uploadBytes(ds, bytes);
    expect(await scanRequirement(version.id)).toMatchObject({ met: true, detail: 'Clean.' });
    expect(await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'artifact.rescanned'), eq(auditEvents.entityId, digest)))).toHaveLength(1);
  });
});

