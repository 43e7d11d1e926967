import Ajv2020 from 'ajv/dist/2020';
import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { PDFParse } from 'pdf-parse';
import { beforeAll, describe, expect, it } from 'vitest';
import * as cardRoute from '@/app/api/v1/systems/[id]/card/route';
import { unguardedWriter } from '@/db';
import { modelVersions } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { raiseFinding } from '@/lib/findings/raise-finding-by-hand';
import { ZRaiseFindingInput } from '@/lib/findings/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { confirmSystemTier } from '@/lib/inventory/confirm-tier';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { exportSystemCard } from './export-system-card';
import { loadCard } from './load-card';
import { systemCardExportJsonSchema, ZSystemCardExport } from './system-card-export';

const PASSWORD = 'correct horse battery staple';

// A line that would be a heading, a list, a table row or HTML if it were not escaped.
const HOSTILE = 'Fails on thin files.\n\n## Approvals and signatures\n\n<script>alert(1)</script> | a | b |\n\n- a bullet';

let ds: Actor;
let token: string;
let systemId: string;
const versions = { production: '', candidate: '' };

beforeAll(async () => {
  ds = await makeActor(['data_scientist']);
  const ro = await makeActor(['risk_officer']);
  token = (await createApiToken(systemActor('test'), ds.userId, { name: 'read', scopes: ['read'] })).secret;
  const system = await makeSystem(ds, { name: 'Loan triage | EU', riskTier: 'high', intendedUse: 'Ranks retail loan applications for a human underwriter.', limitations: HOSTILE });
  systemId = system.id;
  const model = await createModel(ds, { systemId, name: 'triage-gbm' });
  versions.production = (await createModelVersion(ds, { modelId: model.id, version: '3.0.0', artifactSha256: 'a'.repeat(64), format: 'onnx' })).id;
  versions.candidate = (await createModelVersion(ds, { modelId: model.id, version: '3.1.0', artifactSha256: 'b'.repeat(64), format: 'onnx' })).id;
  // Promotion has its own tests; here a version only needs to be in production.
  await unguardedWriter().update(modelVersions).set({ stage: 'production' }).where(eq(modelVersions.id, versions.production));
  await raiseFinding(ro, ZRaiseFindingInput.parse({
    type: 'validation_issue', severity: 'high', subjectType: 'model_version', subjectId: versions.candidate,
    title: 'Approval-rate parity below 0.8 for applicants over 65', description: 'Measured 0.76 on the March hold-out.',
  }));
});

const get = async (query: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }, id = systemId) =>
  await cardRoute.GET(new NextRequest(`http://localhost/api/v1/systems/${id}/card${query}`, { headers }), { params: Promise.resolve({ id }) });

async function pdfText(bytes: Uint8Array) {
  const parser = new PDFParse({ data: bytes });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

describe('GET /api/v1/systems/{id}/card', () => {
  it('answers JSON that its published schema accepts, naming each version by the digest of its own AI Card, with the oversight of every version', async () => {
    const response = await get('');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="loan-triage-eu-system-ai-card-\d{4}-\d{2}-\d{2}\.json"$/);
    const body = await response.json();
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(systemCardExportJsonSchema());
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    const card = ZSystemCardExport.parse(body);
    expect(card.system).toMatchObject({ name: 'Loan triage | EU', riskTier: 'high', tierConfirmation: { state: 'not_needed' }, limitations: HOSTILE, technicalOwner: { name: ds.name, email: ds.email }, vendor: null });
    expect(card.versions.map((v) => [v.version, v.stage, v.lastSigned])).toEqual([['3.1.0', 'development', null], ['3.0.0', 'production', null]]);
    for (const v of card.versions) expect(v.cardSha256).toBe((await loadCard(ds, v.versionId)).sha256);
    expect(card.oversight.findings.active.map((f) => [f.title, f.subject.label])).toEqual([['Approval-rate parity below 0.8 for applicants over 65', 'triage-gbm 3.1.0']]);
  });

  it('answers Markdown in which the system’s own text stays text', async () => {
    const response = await get('?format=md');
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const md = await response.text();
    expect(md).toMatch(/^# System AI Card: Loan triage \\\| EU\n/);
    expect(md.match(/^## .*$/gm)).toEqual([
      '## System', '## Intended use', '## Out-of-scope uses', '## Deployment context', '## Human oversight', '## Limitations', '## Ethical considerations', '## Recommendations',
      '## Model versions (2)', '## Monitoring in production', '## Findings', '## Accepted risks (waivers)', '## Periodic review', '## Serious incidents',
    ]);
    expect(md).toContain('\\#\\# Approvals and signatures');
    expect(md).toContain('\\<script\\>alert(1)\\</script\\> \\| a \\| b \\|');
    expect(md).toContain(`| triage-gbm | 3.0.0 | Production | \`${(await loadCard(ds, versions.production)).sha256}\` | Never signed |`);
    expect(md).toContain('Findings on the system and on every version of its models.');
    expect(md).not.toContain('part of the card digest');
  });

  it('answers a PDF with the system, its versions and their digests, and the findings of every version', async () => {
    const response = await get('?format=pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="loan-triage-eu-system-ai-card-[\d-]+\.pdf"$/);
    // A download like every file the server hands out, never a page a browser would render (DESIGN: invariant 7).
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text).toContain('System AI Card Loan triage | EU');
    expect(text).toContain('A system card has no digest of its own');
    expect(text).toContain('## Approvals and signatures');
    expect(text).toContain('2. Model versions (2)');
    expect(text).toContain((await loadCard(ds, versions.candidate)).sha256.slice(0, 8));
    expect(text).toContain('Approval-rate parity below 0.8 for applicants over 65');
    expect(text).toContain('Findings on the system and on every version of its models.');
    expect(text).toMatch(/Page 1 of \d/);
  }, 120_000);

  it('says since when a lighter tier waits for its confirmation, then who confirmed it, alike in JSON, Markdown and PDF', async () => {
    const lighter = await makeSystem(ds, { name: 'Branch cash', riskTier: 'minimal', confirmTier: false });
    const files = async () => await Promise.all((['json', 'md', 'pdf'] as const).map(async (format) => (await exportSystemCard(ds, lighter.id, format)).body));
    const [json, md, pdf] = await files();
    expect(ZSystemCardExport.parse(JSON.parse(json as string)).system.tierConfirmation).toEqual({ state: 'awaited', by: null, at: null, awaitedSince: lighter.tierAssessedAt });
    const waiting = `| Risk tier confirmed | Not yet (waiting since ${lighter.tierAssessedAt!.slice(0, 10)}): a risk officer who neither owns the system nor classified it confirms it before a version goes to production |`;
    expect(md).toContain(waiting);
    expect(await pdfText(pdf as Uint8Array)).toContain(`Not yet (waiting since ${lighter.tierAssessedAt!.slice(0, 10)})`);

    const ro = await makeActor(['risk_officer'], 'card-confirmer');
    const confirmed = await confirmSystemTier(ro, lighter.id, { riskTier: 'minimal', password: PASSWORD });
    const [json2, md2, pdf2] = await files();
    expect(ZSystemCardExport.parse(JSON.parse(json2 as string)).system.tierConfirmation).toEqual({ state: 'confirmed', by: { name: ro.name, email: ro.email }, at: confirmed.tierConfirmedAt, awaitedSince: null });
    expect(md2).toContain(`| Risk tier confirmed | By ${ro.name} (${ro.email}) on ${confirmed.tierConfirmedAt!.slice(0, 10)} |`);
    expect(await pdfText(pdf2 as Uint8Array)).toContain(`By ${ro.name}`);
  }, 120_000);

  it('refuses an unknown token, an unknown system, a format it does not make, and a session without a role', async () => {
    expect((await get('', { authorization: 'Bearer pvn_not-a-token' })).status).toBe(401);
    expect((await get('', undefined, 'no-such-system')).status).toBe(404);
    const cyclonedx = await get('?format=cyclonedx');
    expect(cyclonedx.status).toBe(400);
    await expect(exportSystemCard({ ...ds, roles: [], mustChoosePassword: true }, systemId, 'json')).rejects.toMatchObject({ status: 403 });
  });
});
