import { eq } from 'drizzle-orm';
import { getDb, unguardedWriter } from '@/db';
import { modelVersions } from '@/db/schema';
import { uploadArtifact } from '@/lib/artifacts/upload-artifact';
import type { Actor } from '@/lib/auth/actor';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor } from '@/lib/testing';
import { currentPolicy, listPolicies } from './policy-queries';
import { ZUpdatePolicyInput } from './policy-schemas';
import { updatePolicy } from './update-policy';

/**
 * Test and benchmark support (never imported by the app): real model bytes and a real upload, so versions carry the scan the
 * server computed. A safetensors file with one F32 tensor; the label in its metadata makes each digest unique.
 */
export function safetensorsBytes(label: string): Buffer {
  const header = Buffer.from(JSON.stringify({ __metadata__: { label }, weight: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }), 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header, Buffer.from([0, 0, 0x80, 0x3f])]);
}

/** Uploads bytes through the same verb as POST /api/v1/artifacts. */
export async function uploadBytes(actor: Actor, bytes: Uint8Array, name = 'model.safetensors') {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(bytes)]), name);
  return uploadArtifact(actor, new Request('http://localhost/api/v1/artifacts', { method: 'POST', body: form }));
}

/**
 * For test files about something other than scanning, whose versions declare digests of bytes never uploaded: every
 * policy explicitly allows unscanned artifacts (a new, audited policy version), as an administrator would.
 */
export async function allowUnscannedArtifacts() {
  const admin = await makeActor(['admin']);
  for (const { policy } of await listPolicies(admin)) {
    const current = await currentPolicy(getDb(), policy.riskTier, policy.targetStage);
    if (current?.id === policy.id && policy.riskTier !== 'prohibited') {
      await updatePolicy(admin, ZUpdatePolicyInput.parse({ riskTier: policy.riskTier, targetStage: policy.targetStage, reason: 'Changed by a test.', rules: { ...policy.rules, allowUnscanned: true } }));
    }
  }
}

/**
 * A version of `modelId` in `stage`, its real bytes uploaded and scanned clean, with counting evidence of every kind the
 * high-risk production policy needs: ready to be submitted for promotion to production.
 */
export async function evidencedVersion(owner: Actor, modelId: string, label: string, stage: 'development' | 'staging' = 'staging') {
  const digest = (await uploadBytes(owner, safetensorsBytes(label))).sha256;
  const version = await createModelVersion(owner, { modelId, version: label, artifactSha256: digest, format: 'safetensors' });
  await unguardedWriter().update(modelVersions).set({ stage }).where(eq(modelVersions.id, version.id));
  for (const [kind, environment] of [['performance', 'staging'], ['performance', 'production'], ['robustness', 'staging'], ['fairness', 'staging'], ['red_team', 'staging']] as const) {
    await recordEvaluation(owner, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind, environment, artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
  }
  return version;
}
