import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb } from '@/db';
import { aiSystems, auditEvents, evidencePacks } from '@/db/schema';
import { blobPath } from '@/lib/storage/blob-store/local-blob-store';
import { uploadArtifact } from '@/lib/artifacts/upload-artifact';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import type { Actor } from '@/lib/auth/actor';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { groupDigest } from '@/lib/pdf/digest';
import { seedDemo } from '@/lib/seed/seed-demo';
import { makeActor, makeSystem } from '@/lib/testing';
import { generateEvidencePack } from './generate-evidence-pack';
import { packFilePath } from './pack-files';
import { requestEvidencePack } from './request-evidence-pack';
import { pageBoxes, readPdfPages, readZipEntries } from './testing';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const REPORT = Buffer.from('<html><body>Robustness report: AUC drop 0.018 under 5% noise.</body></html>');
const ARTIFACT = 'a1'.repeat(32);

let auditor: Actor;
let ds: Actor;
let packId: string;
let versionId: string;
let entries: Map<string, Buffer>;
let pages: string[];

async function storeAttachment(actor: Actor, bytes: Buffer, name: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const uploaded = await uploadArtifact(actor, new Request('http://localhost/api/v1/artifacts', { method: 'POST', body: form }));
  return (uploaded as { sha256: string }).sha256;
}

beforeAll(async () => {
  await seedDemo();
  [auditor, ds] = await Promise.all([makeActor(['auditor']), makeActor(['data_scientist'])]);
  const model = await createModel(ds, { systemId: (await makeSystem(ds, { name: 'Pack test system' })).id, name: 'pack-model' });
  versionId = (await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: ARTIFACT, format: 'onnx' })).id;
  const attachment = await storeAttachment(ds, REPORT, 'robustness report (final).html');
  await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: versionId, kind: 'robustness', environment: 'staging', artifactSha256: ARTIFACT, producer: 'perturbation suite', metrics: [{ name: 'auc_drop', value: 0.018, threshold: 0.03, comparator: 'lte' }], attachments: [{ sha256: attachment, fileName: 'robustness report (final).html', mediaType: 'text/html' }] }));
  packId = (await requestEvidencePack(auditor, { scopeType: 'inventory', scopeId: null, periodFrom: null, periodTo: null })).id;
  const result = await generateEvidencePack(packId);
  expect(result).toMatchObject({ ok: true });
  entries = await readZipEntries(packFilePath(packId, 'zip'));
  pages = await readPdfPages(fs.readFileSync(packFilePath(packId, 'pdf')));
}, 120_000);

describe('a generated evidence pack', () => {
  it('is done with the digests and sizes of the files it wrote', async () => {
    const row = first(await getDb().select().from(evidencePacks).where(eq(evidencePacks.id, packId)).limit(1))!;
    const pdf = fs.readFileSync(packFilePath(packId, 'pdf'));
    const zip = fs.readFileSync(packFilePath(packId, 'zip'));
    expect(row).toMatchObject({ status: 'done', progress: 100, pdfSha256: sha256(pdf), zipSha256: sha256(zip), pdfSize: pdf.length, zipSize: zip.length, pageCount: pages.length });
    // Every page A4, and exactly the pages the layout planned (no page added by the renderer's own breaking).
    expect(pageBoxes(pdf)).toEqual(pages.map(() => '0 0 595.280029 841.890015'));
  });

  it('has a SHA256SUMS line for every other file of the ZIP, each matching its bytes, in sha256sum format', () => {
    const lines = entries.get('SHA256SUMS')!.toString().trimEnd().split('\n');
    const listed = new Map(lines.map((line) => {
      const match = /^([0-9a-f]{64}) {2}(\S.*)$/.exec(line);
      expect(match, line).not.toBeNull();
      return [match![2]!, match![1]!];
    }));
    expect([...listed.keys()].sort()).toEqual([...entries.keys()].filter((name) => name !== 'SHA256SUMS' && name !== 'attestation.sigstore.json').sort());
    for (const [name, digest] of listed) expect(sha256(entries.get(name)!), name).toBe(digest);
    expect(entries.get('pack.pdf')!.equals(fs.readFileSync(packFilePath(packId, 'pdf')))).toBe(true);
    const attachment = `attachments/${sha256(REPORT)}/robustness report _final_.html`;
    expect(entries.get(attachment)?.equals(REPORT)).toBe(true);
    const signed = JSON.parse(entries.get('records/promotion-requests.json')!.toString()) as { snapshotSha256: string; signatures: unknown[] }[];
    const approved = signed.find((request) => request.signatures.length === 2)!;
    expect(sha256(entries.get(`records/snapshots/${approved.snapshotSha256}.json`)!)).toBe(approved.snapshotSha256);
    // The policy each request's gate was judged against, as stored, and every rule of it in words in the PDF.
    const policies = JSON.parse(entries.get('records/policies.json')!.toString()) as { id: string; version: number; riskTier: string; targetStage: string }[];
    expect(policies.map((p) => p.id)).toEqual(expect.arrayContaining([...new Set(signed.map((r) => (r as unknown as { policyId: string }).policyId))]));
    const text = pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Promotion policies the gates were judged against');
    for (const p of policies) expect(text).toContain(`risk → ${p.targetStage}, version ${p.version}`);
    expect(text).toContain('Required evidence');
    // The pack's own request is among its events, and it says so: the trail's page of the same records lists one fewer.
    expect(text).toMatch(/in chain order, this pack's own request \(#\d+\) among them/);
  });

  it('covers every system of the inventory, those without a model version too', async () => {
    const all = (await getDb().select({ id: aiSystems.id, name: aiSystems.name }).from(aiSystems)).map((s) => s.name).sort();
    const listed = (JSON.parse(entries.get('records/systems.json')!.toString()) as { name: string }[]).map((s) => s.name).sort();
    expect(listed).toEqual(all);
    // The demo's prohibited system has no model: it is still in the pack, in the records and on the page.
    expect(listed).toContain('Agent emotion monitoring');
    expect(pages.join('\n')).toContain(`${all.length} AI systems`);
  });

  it('names what each audit event and finding is about, as the audit trail does, not by id', () => {
    const text = pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Model version: pack-model 1.0.0');
    expect(text).toContain('AI system: Pack test system');
    const csv = entries.get('records/findings.csv')!.toString();
    expect(csv.split('\n')[0]).toContain('subject_id,subject');
    const findingsJson = (JSON.parse(entries.get('records/findings.json')!.toString()) as { items: { subjectId: string; subject: string }[] }).items;
    expect(findingsJson.length).toBeGreaterThan(0);
    for (const f of findingsJson) expect(f.subject, f.subjectId).not.toBe(f.subjectId);
  });

  it('is accepted by sha256sum -c once unpacked', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-unzip-'));
    for (const [name, bytes] of entries) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), bytes);
    }
    const output = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(output.trim().split('\n').every((line) => line.endsWith(': OK'))).toBe(true);
    fs.writeFileSync(path.join(dir, 'records', 'systems.json'), '[]');
    expect(() => execFileSync('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: dir, stdio: 'pipe' })).toThrow();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('states scope, requester, chain head and its verification on the cover', async () => {
    const head = await verifyAuditChain();
    const generated = first(await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'evidence_pack.generated'), eq(auditEvents.entityId, packId))).limit(1))!;
    const cover = pages[0]!;
    expect(cover).toContain('Whole inventory');
    expect(cover).toContain(`${auditor.name} (${auditor.email})`);
    expect(cover).toContain(`Sequence ${generated.seq - 1}`);
    expect(cover).toContain(groupDigest(generated.prevHash));
    expect(cover).toMatch(/Intact: all \d+ events re-hashed and linked/);
    expect(head.ok).toBe(true);
  });

  it('lists contents whose page numbers are the pages the sections start on', () => {
    const contents = pages[1]!.split('\n').map((line) => /^(\d[\d.]*\.?\s.+?)\s+(\d+)$/.exec(line.trim())).filter((m) => m !== null);
    expect(contents.length).toBeGreaterThan(10);
    for (const [, title, page] of contents) expect(pages[Number(page) - 1], `${title} on page ${page}`).toContain(title!.replace(/…$/, '').trim());
    pages.forEach((text, index) => expect(text).toContain(`Page ${index + 1} of ${pages.length}`));
  });

  it('prints every signer by printed name, digests grouped, and the audit events', () => {
    const text = pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Rita Chen');
    expect(text).toContain('Sebastian Kowalski');
    expect(text).toContain(groupDigest(sha256(REPORT)));
    expect(text).toContain(groupDigest(ARTIFACT));
    expect(text).toContain('evidence_pack.requested');
  });

  it('refuses to finish when an attachment no longer matches its digest: failed, audited, no files left', async () => {
    fs.writeFileSync(blobPath(sha256(REPORT)), 'tampered');
    const failing = await requestEvidencePack(auditor, { scopeType: 'model_version', scopeId: versionId, periodFrom: null, periodTo: null });
    const result = await generateEvidencePack(failing.id);
    expect(result.ok).toBe(false);
    const row = first(await getDb().select().from(evidencePacks).where(eq(evidencePacks.id, failing.id)).limit(1))!;
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/no longer match/);
    expect(fs.existsSync(packFilePath(failing.id, 'zip'))).toBe(false);
    expect(await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'evidence_pack.failed'), eq(auditEvents.entityId, failing.id)))).toHaveLength(1);
    fs.writeFileSync(blobPath(sha256(REPORT)), REPORT);
  });
});
