import { createHash } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import { eq } from 'drizzle-orm';
import { PDFParse } from 'pdf-parse';
import { beforeAll, describe, expect, it } from 'vitest';
import { unguardedWriter } from '@/db';
import { modelVersions } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { canonicalJson } from '@/lib/canonical-json';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { ZCreateDatasetInput, ZCreateDatasetVersionInput } from '@/lib/inventory/schemas';
import { recordRun } from '@/lib/lineage/record-run';
import { ZRecordRunInput } from '@/lib/lineage/schemas';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { allowUnscannedArtifacts } from '@/lib/promotion/test-artifacts';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { groupDigest } from '@/lib/pdf/digest';
import { renderCardPdf } from '@/lib/pdf/card/render-card-pdf';
import { makeActor, makeSystem } from '@/lib/testing';
import { cardExportJsonSchema, toCardExport, ZCardExport } from './card-export';
import { exportCard } from './export-card';
import { loadCard } from './load-card';
import { renderCardMarkdown } from './render-markdown';

let ds: Actor;
let ro: Actor;
let sr: Actor;
let versionId: string;
let requestId: string;
const digest = 'c'.repeat(64);
const evidence = async (value: number, environment: 'staging' | 'production' = 'staging', kind = 'performance') =>
  await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: versionId, kind, environment, artifactSha256: digest, metrics: [{ name: 'auc', value, threshold: 0.8, comparator: 'gte' }] }));

/** A high-risk version trained on a real dataset version, promoted to production with two signatures. */
beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  await allowUnscannedArtifacts();
  [ds, ro, sr] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer']), makeActor(['security_reviewer'])]);
  const system = await makeSystem(ds, { riskTier: 'high', name: 'Loan approvals' });
  const model = await createModel(ds, { systemId: system.id, name: 'loan-scorer', task: 'tabular-classification' });
  versionId = (await createModelVersion(ds, { modelId: model.id, version: '3.1.0', artifactSha256: digest, format: 'onnx', license: 'apache-2.0' })).id;
  await unguardedWriter().update(modelVersions).set({ stage: 'staging' }).where(eq(modelVersions.id, versionId));
  const dataset = await createDataset(ds, ZCreateDatasetInput.parse({ namespace: 's3://bank-data', name: 'applications', personalData: true, provenance: 'Core banking export, 2019-2025' }));
  const dsv = await createDatasetVersion(ds, dataset.id, ZCreateDatasetVersionInput.parse({ version: '2025-10', sha256: 'd'.repeat(64) }));
  await recordRun(ds, ZRecordRunInput.parse({ externalRunId: 'mlflow-42', jobNamespace: 'training', jobName: 'loan-scorer', codeRepository: 'git@example.com:risk/loan.git', codeCommit: 'abc1234', inputDatasetVersionIds: [dsv.id], outputModelVersionIds: [versionId] }));
  await evidence(0.91);
  await evidence(0.9, 'production');
  for (const kind of ['robustness', 'fairness', 'red_team']) await evidence(0.85, 'staging', kind);
  const request = await requestPromotion(ds, { modelVersionId: versionId, targetStage: 'production', justification: 'All evidence in; replaces nothing.' });
  requestId = request.id;
  for (const [actor, role] of [[ro, 'risk_officer'], [sr, 'security_reviewer']] as const) {
    await signRequest(actor, ZSignRequestInput.parse({ requestId, role, decision: 'approve', comment: '', password: 'correct horse battery staple', snapshotSha256: request.snapshotSha256 }));
  }
});

describe('the AI Card', () => {
  it('carries training data, lineage, evidence and the signatures of the approved request', async () => {
    const card = await loadCard(ds, versionId);
    expect(card.source).toBe('current');
    expect(card.stage).toBe('production');
    expect(card.content.trainingData).toMatchObject([{ namespace: 's3://bank-data', name: 'applications', version: '2025-10', personalData: true, sha256: 'd'.repeat(64) }]);
    expect(card.content.lineage.runs).toMatchObject([{ externalRunId: 'mlflow-42', codeCommit: 'abc1234' }]);
    expect(card.lastSigned?.signatures.map((s) => s.printedName).sort()).toEqual([ro.name, sr.name].sort());
    expect(card.differsFromLastSigned).toBe(false);
  });

  it('renders a signed card from its snapshot after new evidence arrives, and says the current card differs', async () => {
    const before = await loadCard(ds, versionId, { view: 'signed' });
    await evidence(0.42);
    const signed = await loadCard(ds, versionId, { view: 'signed' });
    const current = await loadCard(ds, versionId);
    expect(signed.source).toBe('snapshot');
    expect(signed.sha256).toBe(before.sha256);
    expect(signed.content).toEqual(before.content);
    expect(signed.content.evaluations.flatMap((e) => e.metrics.map((m) => m.value))).not.toContain(0.42);
    expect(current.content.evaluations.flatMap((e) => e.metrics.map((m) => m.value))).toContain(0.42);
    expect(current.differsFromLastSigned).toBe(true);
    // Said where: the evidence alone, in every human-readable format.
    expect(current.changedSinceSigned).toEqual(['the evidence']);
    expect(signed.changedSinceSigned).toBeNull();
    expect(renderCardMarkdown(current)).toContain('It differs from the last signed card in the evidence (request');
    expect(toCardExport(current).changedSinceSigned).toEqual(['the evidence']);
    expect(signed.request?.id).toBe(requestId);
  });

  it('exports JSON that validates against its schema and whose digest anyone can recompute', async () => {
    const file = await exportCard(ds, versionId, { format: 'json', view: 'signed' });
    const parsed = JSON.parse(String(file.body));
    expect(ZCardExport.safeParse(parsed).success).toBe(true);
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(cardExportJsonSchema());
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...parsed, digest: { ...parsed.digest, value: 'not-a-digest' } })).toBe(false);
    expect(createHash('sha256').update(canonicalJson(parsed.card)).digest('hex')).toBe(parsed.digest.value);
    expect(parsed.digest.value).toBe(parsed.request.snapshotSha256);
    expect(file.fileName).toMatch(/^loan-scorer-3\.1\.0-ai-card-[0-9a-f]{8}\.json$/);
  });

  it('prints every signer, role, meaning, UTC time and the digest in the PDF', async () => {
    const view = await loadCard(ds, versionId, { view: 'signed' });
    const pdf = await renderCardPdf(view);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const { text } = await parser.getText();
    await parser.destroy();
    const flat = text.replace(/\s+/g, ' ');
    for (const s of view.request!.signatures) {
      expect(flat).toContain(s.printedName);
      expect(flat).toContain(s.signedAt.slice(0, 19).replace('T', ' '));
      expect(flat).toContain(s.meaning.replace(/\s+/g, ' '));
    }
    expect(flat).toMatch(/Risk officer/);
    expect(flat).toMatch(/Security reviewer/);
    expect(flat).toContain(groupDigest(view.sha256));
    expect(flat).toMatch(/Page 1 of \d+/);
    expect(flat).toContain('Approvals and signatures');
    // The language a screen reader reads the card in.
    expect(pdf.toString('latin1')).toMatch(/\/Lang \(en\)/);
  });

  it('refuses an unknown request and a version without a signed card', async () => {
    await expect(async () => await loadCard(ds, versionId, { view: 'current', requestId: 'nope' })).rejects.toThrow(/not found/i);
    const other = await createModelVersion(ds, { modelId: (await loadCard(ds, versionId)).content.model.id, version: '4.0.0', artifactSha256: 'e'.repeat(64), format: 'onnx' });
    await expect(async () => await loadCard(ds, other.id, { view: 'signed' })).rejects.toThrow(/no approved promotion/);
    expect(toCardExport(await loadCard(ds, other.id)).lastSigned).toBeNull();
  });
});
