import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as reportsRoute from '@/app/api/v1/evaluations/reports/route';
import * as evaluationsRoute from '@/app/api/v1/evaluations/route';
import { first as firstRow, getDb, withTransaction, unguardedWriter } from '@/db';
import { aiSystems, auditEvents, blobs, evaluationMetrics, evaluations, findings } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { dataDir } from '@/lib/config';
import { buildCardContent } from '@/lib/cards/build-card-content';
import { exportCard } from '@/lib/cards/export-card';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { DEFAULT_POLICIES } from '@/lib/promotion/default-policies';
import { gateForVersion } from '@/lib/promotion/gate-context';
import { updatePolicy } from '@/lib/promotion/update-policy';
import { recordEvaluation } from './record-evaluation';
import { recordToolReport } from './record-tool-report';
import { MAX_FINDINGS_PER_REPORT, raiseToolReportFindings } from './tool-report-findings';

// Real tool output, collected by reports-parse with its source in lib/evidence/reports/fixtures/README.md.
const FIXTURES = path.join(import.meta.dirname, 'reports', 'fixtures');
const TRIVY = fs.readFileSync(path.join(FIXTURES, 'trivy-alpine-310.sarif'));
const GARAK = fs.readFileSync(path.join(FIXTURES, 'garak-0.14-with-ci.report.jsonl'));

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const ctx = { params: Promise.resolve({}) };
const counted = async () => ({
  blobs: firstRow(await getDb().select({ n: count() }).from(blobs).limit(1))!.n,
  audit: firstRow(await getDb().select({ n: count() }).from(auditEvents).limit(1))!.n,
  files: fs.readdirSync(path.join(dataDir(), 'blobs'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).length,
});

function formOf(bytes: Uint8Array | null, fields: Record<string, string>, name: string) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  if (bytes) form.append('file', new Blob([Buffer.from(bytes)]), name);
  return form;
}

function post(token: string, bytes: Uint8Array | null, fields: Record<string, string>, name = 'trivy.sarif') {
  const init = { method: 'POST', body: formOf(bytes, fields, name), headers: { authorization: `Bearer ${token}` } };
  return reportsRoute.POST(new NextRequest('http://localhost/api/v1/evaluations/reports', init), ctx);
}

/** Signed-in people without a token (officers and auditors hold none): the verb itself refuses them. */
const asPerson = (actor: Actor, fields: Record<string, string>) =>
  recordToolReport(actor, new Request('http://localhost/api/v1/evaluations/reports', { method: 'POST', body: formOf(TRIVY, fields, 'trivy.sarif') }));

let ds: Actor;
let token: string;
let versionId: string;
const DIGEST = 'a'.repeat(64);
const tokenFor = async (actor: Actor, scopes: ('register' | 'read')[] = ['register', 'read']) => (await createApiToken(actor, actor.userId, { name: 'ci', scopes })).secret;

beforeAll(async () => {
  ds = await makeActor(['data_scientist']);
  token = await tokenFor(ds);
  const model = await createModel(ds, { systemId: (await makeSystem(ds)).id, name: 'scanner target' });
  versionId = (await createModelVersion(ds, { modelId: model.id, version: '1', artifactSha256: DIGEST })).id;
  fs.mkdirSync(path.join(dataDir(), 'blobs'), { recursive: true });
});

describe('POST /api/v1/evaluations/reports', () => {
  it('records a real Trivy SARIF as computed security_scan evidence bound to the version digest, with one audit event', async () => {
    const before = await counted();
    const response = await post(token, TRIVY, { modelVersionId: versionId, artifactSha256: 'b'.repeat(64) });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ modelVersionId: versionId, artifactSha256: DIGEST, kind: 'security_scan', environment: 'staging', reportFormat: 'sarif', countsForVersion: true });
    expect(body.reportTool).toMatch(/Trivy/);
    expect(body.attachments).toEqual([expect.objectContaining({ blobSha256: sha(TRIVY), fileName: 'trivy.sarif' })]);
    expect(body.metrics.length).toBeGreaterThan(0);
    expect(body.metrics.every((m: { origin: string }) => m.origin === 'computed')).toBe(true);
    expect(body.findings).toEqual([]); // its one vulnerability scores 5.3 (medium): counted, not raised
    const after = await counted();
    expect(after).toEqual({ blobs: before.blobs + 1, audit: before.audit + 1, files: before.files + 1 });
    const event = firstRow(await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, body.id)).limit(1))!;
    expect(event.action).toBe('evaluation.recorded');
    expect(JSON.stringify(event.after)).toContain(sha(TRIVY));
  });

  it('refuses a malformed report with the reason and stores nothing: no blob row, no file, no audit', async () => {
    const before = await counted();
    const cut = TRIVY.subarray(0, TRIVY.length / 2);
    const response = await post(token, cut, { modelVersionId: versionId, format: 'sarif' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'file' })]));
    expect(await counted()).toEqual(before);
  });

  it('an undetectable format is a 400 that names the formats and the format field; a wrong format value too', async () => {
    const before = await counted();
    const unknown = await (await post(token, Buffer.from('{"hello":"world"}'), { modelVersionId: versionId }, 'notes.json')).json();
    expect(unknown.error.message).toMatch(/"format".*sarif, pip-audit, cyclonedx, garak, promptfoo/);
    expect(unknown.error.message.split('sarif, pip-audit')).toHaveLength(2); // the list is said once
    expect(unknown.error.issues).toEqual([expect.objectContaining({ path: 'format' })]);
    const wrong = await post(token, TRIVY, { modelVersionId: versionId, format: 'xml' });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.issues).toEqual([expect.objectContaining({ path: 'format' })]);
    expect(await counted()).toEqual(before);
  });

  it('a report that evaluated nothing or whose run failed is a 400 on file, and nothing is kept', async () => {
    const before = await counted();
    const run = { tool: { driver: { name: 'Trivy' } } };
    const failed = { ...run, results: [], invocations: [{ executionSuccessful: false }] };
    const empty: [unknown, string][] = [
      [{ version: '2.1.0', runs: [] }, 'x.sarif'],
      [{ version: '2.1.0', runs: [run] }, 'x.sarif'],
      [{ version: '2.1.0', runs: [failed] }, 'x.sarif'],
      ['{"entry_type": "start_run setup"}\n{"entry_type": "init", "garak_version": "0.14.0"}\n', 'x.report.jsonl'],
      [{ results: { results: [], stats: {} } }, 'out.json'],
      [{ dependencies: [], fixes: [] }, 'audit.json'],
      [{ bomFormat: 'CycloneDX', specVersion: '1.6', components: [] }, 'bom.json'],
    ];
    for (const [document, name] of empty) {
      const response = await post(token, Buffer.from(typeof document === 'string' ? document : JSON.stringify(document)), { modelVersionId: versionId }, name);
      expect(response.status, name).toBe(400);
      const { error } = await response.json();
      expect(error.message).toMatch(/no completed analysis/);
      expect(error.issues).toEqual([expect.objectContaining({ path: 'file' })]);
    }
    expect((await post(token, Buffer.from(JSON.stringify({ version: '2.1.0', runs: [{ ...run, results: [] }] })), { modelVersionId: versionId })).status).toBe(201);
    expect(await counted()).toMatchObject({ files: before.files + 1 });
  });

  it('a report naming another artifact as its subject is a 400 naming both digests; its own digest is recorded', async () => {
    const bom = (sha: string) => Buffer.from(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', metadata: { component: { type: 'machine-learning-model', name: 'm', hashes: [{ alg: 'SHA-256', content: sha }] } }, vulnerabilities: [] }));
    const sarif = (sha: string) => Buffer.from(JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'scanner' } }, results: [], artifacts: [{ location: { uri: 'model.bin' }, roles: ['analysisTarget'], hashes: { 'sha-256': sha } }] }] }));
    const before = await counted();
    for (const bytes of [bom('f'.repeat(64)), sarif('f'.repeat(64))]) {
      const response = await post(token, bytes, { modelVersionId: versionId }, 'report.json');
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error.message).toContain('f'.repeat(64));
      expect(error.message).toContain(DIGEST);
      expect(error.issues).toEqual([expect.objectContaining({ path: 'file' })]);
    }
    expect(await counted()).toEqual(before);
    expect(await (await post(token, bom(DIGEST.toUpperCase()), { modelVersionId: versionId }, 'bom.json')).json()).toMatchObject({ reportFormat: 'cyclonedx', countsForVersion: true });
    expect((await post(token, sarif(DIGEST), { modelVersionId: versionId }, 'scan.sarif')).status).toBe(201);
  });

  it('a report over the size limit is a 413 and nothing is kept', async () => {
    const before = await counted();
    process.env.MAX_REPORT_BYTES = '1024';
    const response = await post(token, TRIVY, { modelVersionId: versionId });
    delete process.env.MAX_REPORT_BYTES;
    expect(response.status).toBe(413);
    expect(await counted()).toEqual(before);
  });

  it('refuses callers who may not record evidence on the version, keeping nothing', async () => {
    const [other, officer, auditor] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer']), makeActor(['auditor'])]);
    const [otherToken, readOnly] = [await tokenFor(other), await tokenFor(ds, ['read'])];
    const before = await counted();
    expect((await post(otherToken, TRIVY, { modelVersionId: versionId })).status).toBe(403);
    expect((await post(readOnly, TRIVY, { modelVersionId: versionId })).status).toBe(403);
    await expect(asPerson(officer, { modelVersionId: versionId })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(asPerson(auditor, { modelVersionId: versionId })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await post(token, TRIVY, { modelVersionId: 'no-such-version' })).status).toBe(404);
    expect((await post(token, null, { modelVersionId: versionId })).status).toBe(400);
    expect(await counted()).toEqual(before);
    const reviewer = await makeActor(['security_reviewer']);
    expect(await asPerson(reviewer, { modelVersionId: versionId, environment: 'production' })).toMatchObject({ environment: 'production', createdById: reviewer.userId });
  });

  it('a failing red-team probe raises a finding once; the same report again counts it again on the open finding', async () => {
    const first = await (await post(token, GARAK, { modelVersionId: versionId }, 'garak.report.jsonl')).json();
    expect(first).toMatchObject({ kind: 'red_team', reportFormat: 'garak' });
    expect(first.findings.length).toBeGreaterThan(0);
    expect(first.findings.every((f: { created: boolean }) => f.created)).toBe(true);
    const open = async () => (await getDb().select().from(findings).where(eq(findings.subjectId, versionId))).filter((f) => f.type === 'red_team_result');
    const raised = (await open()).length;
    expect((await open()).every((f) => f.source === 'tool' && f.occurrences === 1)).toBe(true);
    const second = await (await post(token, GARAK, { modelVersionId: versionId }, 'garak.report.jsonl')).json();
    expect(second.findings.map((f: { id: string }) => f.id)).toEqual(first.findings.map((f: { id: string }) => f.id));
    expect(second.findings.every((f: { created: boolean }) => !f.created)).toBe(true);
    expect(await open()).toHaveLength(raised);
    expect((await open()).every((f) => f.occurrences === 2)).toBe(true);
    expect(first.attachments[0].blobSha256).toBe(second.attachments[0].blobSha256);
  });

  it("a plain promptfoo eval's failing assertions are robustness results, not attacks: no red-team finding", async () => {
    const plain = await (await post(token, fs.readFileSync(path.join(FIXTURES, 'promptfoo-sample-export.json')), { modelVersionId: versionId })).json();
    expect(plain).toMatchObject({ kind: 'robustness', reportFormat: 'promptfoo', findings: [] });
  });

  it("a garak report cut before its opening entries is read as garak by its file name when no format is sent", async () => {
    const headless = fs.readFileSync(path.join(FIXTURES, 'garak-qual-review-mixed.report.jsonl'));
    expect((await post(token, headless, { modelVersionId: versionId }, 'run.jsonl')).status).toBe(400);
    expect(await (await post(token, headless, { modelVersionId: versionId }, 'garak.1234.report.jsonl')).json()).toMatchObject({ kind: 'red_team', reportFormat: 'garak' });
  });

  it('a critical CVE raises a vulnerability finding, the same CVE again counts on it; high ones (Grype) raise none', async () => {
    const critical = fs.readFileSync(path.join(FIXTURES, 'trivy-action-image-critical.sarif')); // CVE-2021-36159, security-severity 9.1
    const first = await (await post(token, critical, { modelVersionId: versionId })).json();
    expect(first.findings).toEqual([expect.objectContaining({ severity: 'critical', created: true, title: 'CVE-2021-36159 in apk-tools 2.10.6-r0' })]);
    const row = async () => firstRow(await getDb().select().from(findings).where(eq(findings.id, first.findings[0].id)).limit(1))!;
    expect(await row()).toMatchObject({ type: 'vulnerability', source: 'tool', subjectType: 'model_version', subjectId: versionId, occurrences: 1 });
    const again = await (await post(token, critical, { modelVersionId: versionId }, 'trivy-next-build.sarif')).json();
    expect(again.findings).toEqual([expect.objectContaining({ id: first.findings[0].id, created: false })]);
    expect((await row()).occurrences).toBe(2);
    const high = await (await post(token, fs.readFileSync(path.join(FIXTURES, 'grype-image.sarif')), { modelVersionId: versionId })).json();
    expect(high.metrics).toContainEqual(expect.objectContaining({ name: 'high_vulnerabilities', value: 2 }));
    expect(high.findings).toEqual([]);
  });

  it('a metric typed through POST /api/v1/evaluations stays claimed even when the caller says computed', async () => {
    const form = { modelVersionId: versionId, kind: 'security_scan', environment: 'staging', artifactSha256: DIGEST, metrics: [{ name: 'critical_vulnerabilities', value: 0, origin: 'computed' }] };
    const request = new NextRequest('http://localhost/api/v1/evaluations', { method: 'POST', body: JSON.stringify(form), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const body = await (await evaluationsRoute.POST(request, ctx)).json();
    expect(firstRow(await getDb().select().from(evaluationMetrics).where(eq(evaluationMetrics.evaluationId, body.id)).limit(1))!.origin).toBe('claimed');
  });

  it('a computedOnly threshold is met by the uploaded report, never by the typed figure (read through the gate context)', async () => {
    const admin = await makeActor(['admin']);
    const base = DEFAULT_POLICIES.find((p) => p.riskTier === 'high' && p.targetStage === 'production')!.rules;
    const rules = { ...base, requiredEvidenceKinds: [], metricThresholds: [{ kind: 'security_scan' as const, metric: 'critical_vulnerabilities', comparator: 'lte' as const, threshold: 0, computedOnly: true }] };
    await updatePolicy(admin, { riskTier: 'high', targetStage: 'production', reason: 'Changed by a test.', rules });
    const model = await createModel(ds, { systemId: (await makeSystem(ds)).id, name: 'gated' });
    const gated = (await createModelVersion(ds, { modelId: model.id, version: '1', artifactSha256: 'c'.repeat(64) })).id;
    const row = async () => (await gateForVersion(getDb(), gated, 'production')).gate.requirements.find((r) => r.id === 'threshold:security_scan:critical_vulnerabilities')!;
    await recordEvaluation(ds, { modelVersionId: gated, kind: 'security_scan', environment: 'staging', artifactSha256: 'c'.repeat(64), producer: '', summary: '', metrics: [{ name: 'critical_vulnerabilities', value: 0 }], attachments: [] });
    expect(await row()).toMatchObject({ met: false, detail: expect.stringContaining('self-reported') });
    const report = await (await post(token, TRIVY, { modelVersionId: gated })).json();
    expect(await row()).toMatchObject({ met: true, records: [{ evaluationId: report.id }] });
  });

  it('the AI Card says which figures were computed from a report and marks the typed ones self-reported (JSON and Markdown)', async () => {
    const model = await createModel(ds, { systemId: (await makeSystem(ds)).id, name: 'carded' });
    const carded = (await createModelVersion(ds, { modelId: model.id, version: '1', artifactSha256: 'd'.repeat(64) })).id;
    await recordEvaluation(ds, { modelVersionId: carded, kind: 'performance', environment: 'staging', artifactSha256: 'd'.repeat(64), producer: '', summary: '', metrics: [{ name: 'auc', value: 0.9 }], attachments: [] });
    await post(token, TRIVY, { modelVersionId: carded });
    const content = await buildCardContent(getDb(), carded);
    const scan = content.evaluations.find((e) => e.kind === 'security_scan')!;
    expect(scan.report).toEqual({ format: 'sarif', tool: expect.stringMatching(/Trivy/) });
    expect(scan.metrics.every((m) => m.origin === 'computed')).toBe(true);
    expect(content.evaluations.find((e) => e.kind === 'performance')!.metrics[0]).not.toHaveProperty('origin');
    const md = (await exportCard(ds, carded, { format: 'md', view: 'current' })).body.toString();
    expect(md).toMatch(/\| Performance \| auc \| — \| 0\.9, [0-9-]+, \*self-reported\* \|/);
    expect(md).toMatch(/\| Security scan \| [^|]+ \| — \| [0-9]+, [0-9-]+, computed \|/);
  });

  it('one report raises at most MAX_FINDINGS_PER_REPORT findings, worst first, and says how many it left; suppressed and high never raise', async () => {
    const issue = (i: number, severity: 'critical' | 'high', suppressed = false) => ({ key: `CVE-2026-${i}:pkg`, severity, title: `CVE-2026-${i} in pkg`, detail: 'Synthetic.', suppressed });
    const issues = [...Array.from({ length: MAX_FINDINGS_PER_REPORT + 10 }, (_, i) => issue(i, 'critical')), issue(900, 'critical', true), issue(901, 'high')];
    const report = { format: 'sarif' as const, kind: 'security_scan' as const, tool: 'Synthetic', summary: '', metrics: [], issues, notes: [], subjectSha256: [] };
    const { raised, note } = await withTransaction(async (tx) => await raiseToolReportFindings(tx, ds, { versionId, evaluationId: 'e', fileName: 'many.sarif', report, now: new Date() }));
    expect(raised).toHaveLength(MAX_FINDINGS_PER_REPORT);
    expect(raised.map((f) => f.title)).not.toContain('CVE-2026-900 in pkg');
    expect(note).toBe(`10 more issues would raise a finding; only the worst ${MAX_FINDINGS_PER_REPORT} were raised.`);
  });

  it('reports sent at once are all parsed and recorded: the parser queue lets each through in turn', async () => {
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(token, TRIVY, { modelVersionId: versionId })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
  });

  it("a retired system's version takes no report (409, nothing kept); an Idempotency-Key replay records once", async () => {
    const system = await makeSystem(ds);
    const model = await createModel(ds, { systemId: system.id, name: 'retiring' });
    const retiring = (await createModelVersion(ds, { modelId: model.id, version: '1', artifactSha256: DIGEST })).id;
    const keyed = (key: string) => {
      const init = { method: 'POST', body: formOf(TRIVY, { modelVersionId: retiring }, 'trivy.sarif'), headers: { authorization: `Bearer ${token}`, 'idempotency-key': key } };
      return reportsRoute.POST(new NextRequest('http://localhost/api/v1/evaluations/reports', init), ctx);
    };
    const first = await keyed('scan-build-41');
    const replay = await keyed('scan-build-41');
    expect([first.status, replay.status, replay.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true']);
    expect((await replay.json()).id).toBe((await first.json()).id);
    expect(firstRow(await getDb().select({ n: count() }).from(evaluations).where(eq(evaluations.modelVersionId, retiring)).limit(1))!.n).toBe(1);
    await unguardedWriter().update(aiSystems).set({ lifecycleStatus: 'retired' }).where(eq(aiSystems.id, system.id));
    const before = await counted();
    const refused = await post(token, Buffer.concat([TRIVY, Buffer.from(' ')]), { modelVersionId: retiring });
    expect(refused.status).toBe(409);
    expect(await counted()).toEqual(before);
  });
});
