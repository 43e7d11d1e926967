/**
 * Issue 4 figures: gate evaluation of a version with 1,000 evidence records against a bare read of the same rows,
 * and signing under 20 concurrent signers (the signing transaction after re-authentication, and with it) against
 * a bare read of the request's rows. In-process, on a fresh database under DATA_DIR, or on PostgreSQL with DATABASE_URL.
 */
import { eq } from 'drizzle-orm';
import { databaseReady, first, getDb } from '@/db';
import { evaluationMetrics, evaluations, modelVersions, promotionRequests, signatures } from '@/db/schema';
import { systemActor } from '@/lib/auth/actor';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { gateForVersion } from '@/lib/promotion/gate-context';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { commitSignature, signRequest } from '@/lib/promotion/sign-request';
import { allowUnscannedArtifacts } from '@/lib/promotion/test-artifacts';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem, reauthenticatedNow } from '@/lib/testing';
import { median, ms, percentile, printTable } from './report';

const KINDS = ['performance', 'robustness', 'fairness', 'red_team'] as const;
/** Milliseconds until fn's promise settles (timing only its synchronous start measured nothing once queries became async). */
const time = async (fn: () => Promise<unknown>) => {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
};

async function main() {
  await databaseReady();
  await ensureDefaultPolicies(systemActor('bench'));
  await allowUnscannedArtifacts();
  const ds = await makeActor(['data_scientist']);
  const model = await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'high' })).id, name: 'bench-model' });
  const version = await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: 'b'.repeat(64), format: 'onnx' });
  for (let i = 0; i < 1000; i++) {
    const environment = i % 5 === 0 ? 'production' : 'staging';
    await recordEvaluation(ds, { modelVersionId: version.id, kind: KINDS[i % 4]!, environment, artifactSha256: i % 10 === 9 ? 'c'.repeat(64) : version.artifactSha256, producer: 'bench', summary: '', attachments: [], metrics: [{ name: 'auc', value: 0.9 }, { name: 'f1', value: 0.8 }, { name: 'latency_ms', value: 12 }] });
  }
  const bare = async () => {
    const rows = await getDb().select().from(evaluations).where(eq(evaluations.modelVersionId, version.id));
    return (await getDb().select().from(evaluationMetrics)).length + rows.length;
  };
  // The high tier's production policy takes a version only from staging: it goes there first, signed by a risk officer.
  const stagingSigner = await makeActor(['risk_officer']);
  const toStaging = async (versionId: string) => {
    const toStage = await requestPromotion(ds, { modelVersionId: versionId, targetStage: 'staging', justification: 'Benchmark version, to staging first.' });
    await signRequest(stagingSigner, { requestId: toStage.id, role: 'risk_officer', decision: 'approve', comment: '', conditions: '', password: 'correct horse battery staple', snapshotSha256: toStage.snapshotSha256 });
  };
  await toStaging(version.id);
  const gate = async () => await gateForVersion(getDb(), version.id, 'production');
  for (let i = 0; i < 20; i++) {
    await bare();
    await gate();
  }
  const bareTimes: number[] = [];
  const gateTimes: number[] = [];
  for (let i = 0; i < 100; i++) {
    bareTimes.push(await time(bare));
    gateTimes.push(await time(gate));
  }
  console.log(`\nGate evaluation: one version with 1,000 evidence records (3,000 metrics), 100 rounds after 20 warm-up (ms)`);
  printTable(
    ['measure', 'median', 'p95', 'median/bare', 'target: median < 20 ms'],
    [
      ['bare read of the same rows', ms(median(bareTimes)), ms(percentile(bareTimes, 95)), '1.0x', 'baseline'],
      ['gateForVersion (read + evaluate)', ms(median(gateTimes)), ms(percentile(gateTimes, 95)), `${(median(gateTimes) / median(bareTimes)).toFixed(1)}x`, median(gateTimes) < 20 ? 'met' : 'MISSED'],
    ],
  );
  console.log(`Gate passed: ${(await gate()).gate.passed}`);

  const request = await requestPromotion(ds, { modelVersionId: version.id, targetStage: 'production', justification: 'Benchmark request with full evidence.' });
  const reviewer = await makeActor(['security_reviewer']);
  await signRequest(reviewer, { requestId: request.id, role: 'security_reviewer', decision: 'approve', comment: '', conditions: '', password: 'correct horse battery staple', snapshotSha256: request.snapshotSha256 });
  const officers = await Promise.all(Array.from({ length: 20 }, () => makeActor(['risk_officer'])));
  const signingTimes: number[] = [];
  const outcomes = await Promise.allSettled(
    officers.map(async (officer) => {
      const started = process.hrtime.bigint();
      try {
        return await signRequest(officer, { requestId: request.id, role: 'risk_officer', decision: 'approve', comment: '', conditions: '', password: 'correct horse battery staple', snapshotSha256: request.snapshotSha256 });
      } finally {
        signingTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }),
  );
  // The same contest with the password already checked: the transaction and its conflict rule alone.
  const second = await createModelVersion(ds, { modelId: model.id, version: '1.1.0', artifactSha256: 'd'.repeat(64), format: 'onnx' });
  for (const kind of KINDS) await recordEvaluation(ds, { modelVersionId: second.id, kind, environment: 'staging', artifactSha256: second.artifactSha256, producer: 'bench', summary: '', attachments: [], metrics: [{ name: 'auc', value: 0.9 }] });
  await recordEvaluation(ds, { modelVersionId: second.id, kind: 'performance', environment: 'production', artifactSha256: second.artifactSha256, producer: 'bench', summary: '', attachments: [], metrics: [{ name: 'auc', value: 0.9 }] });
  await toStaging(second.id);
  const request2 = await requestPromotion(ds, { modelVersionId: second.id, targetStage: 'production', justification: 'Benchmark request, transaction only.' });
  await commitSignature(reviewer, { requestId: request2.id, role: 'security_reviewer', decision: 'approve', comment: '', conditions: '', snapshotSha256: request2.snapshotSha256 }, new Date(), await reauthenticatedNow(reviewer));
  // Each signer's password was checked already: only the transaction is timed.
  const proofs = await Promise.all(officers.map(reauthenticatedNow));
  const commitTimes: number[] = [];
  await Promise.allSettled(
    officers.map(async (officer, i) => {
      await Promise.resolve();
      const started = process.hrtime.bigint();
      try {
        return await commitSignature(officer, { requestId: request2.id, role: 'risk_officer', decision: 'approve', comment: '', conditions: '', snapshotSha256: request2.snapshotSha256 }, new Date(), proofs[i]!);
      } finally {
        commitTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }),
  );
  const bareRequest = async () => (await getDb().select().from(signatures).where(eq(signatures.requestId, request.id))).length + (first(await getDb().select().from(promotionRequests).where(eq(promotionRequests.id, request.id)).limit(1)) ? 1 : 0);
  const bareSign: number[] = [];
  for (let i = 0; i < 100; i++) bareSign.push(await time(bareRequest));
  const transitions = outcomes.filter((o) => o.status === 'fulfilled').length;
  console.log(`\nSigning: 20 concurrent risk officers on the last required role (each re-authenticates with scrypt), ms per attempt`);
  printTable(
    ['measure', 'median', 'p95', 'target: p95 < 100 ms'],
    [
      ['bare read of the request and its signatures', ms(median(bareSign)), ms(percentile(bareSign, 95)), 'baseline'],
      ['signRequest, 20 at once (incl. scrypt password check)', ms(median(signingTimes)), ms(percentile(signingTimes, 95)), percentile(signingTimes, 95) < 100 ? 'met' : 'MISSED'],
      ['signing transaction, 20 at once (password checked)', ms(median(commitTimes)), ms(percentile(commitTimes, 95)), percentile(commitTimes, 95) < 100 ? 'met' : 'MISSED'],
    ],
  );
  const stageOf = async (id: string) => first(await getDb().select({ stage: modelVersions.stage }).from(modelVersions).where(eq(modelVersions.id, id)).limit(1))!.stage;
  console.log(`Outcome: ${transitions} transition(s) (must be 1), ${outcomes.length - transitions} refused as conflicts; 1.1.0 now in ${await stageOf(second.id)}, 1.0.0 ${await stageOf(version.id)}.`);
  if (transitions !== 1 || await stageOf(second.id) !== 'production' || await stageOf(version.id) !== 'archived') process.exit(1);
}

void main();
