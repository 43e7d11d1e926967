import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { PDFParse } from 'pdf-parse';
import { beforeAll, describe, expect, it } from 'vitest';
import * as reportRoute from '@/app/api/v1/incidents/[id]/report.pdf/route';
import { unguardedWriter } from '@/db';
import { modelVersions } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { createElement } from 'react';
import { addIncidentAction } from '@/lib/incidents/add-incident-action';
import { getIncident } from '@/lib/incidents/queries';
import { recordIncident } from '@/lib/incidents/record-incident';
import { ZRecordIncidentInput } from '@/lib/incidents/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { renderPdfToBuffer } from '../render-pdf';
import { IncidentDocument } from './incident-document';

let ds: Actor;
let token: string;
beforeAll(async () => {
  ds = await makeActor(['data_scientist']);
  token = (await createApiToken(systemActor('test'), ds.userId, { name: 'read', scopes: ['read'] })).secret;
});

async function pdfText(bytes: Uint8Array) {
  const parser = new PDFParse({ data: bytes });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('GET /api/v1/incidents/{id}/report.pdf', () => {
  it('is a PDF attachment with the facts, the deadline and its Art. 73 paragraph, the production digest, the timeline and the findings', async () => {
    // Written at length, as a provider's intended purpose often is: longer than what is left of the page it starts on.
    const intendedUse = `Ranks emergency calls for dispatchers. ${'It is used only to order the queue of calls waiting for a dispatcher, never to decline or delay one. '.repeat(38)}END-OF-PURPOSE`;
    const system = await makeSystem(ds, { name: 'Triage assistant', intendedUse });
    const model = await createModel(ds, { systemId: system.id, name: 'triage-ranker' });
    const version = await createModelVersion(ds, { modelId: model.id, version: '4.1.0', artifactSha256: 'c'.repeat(64), format: 'onnx' });
    // Promotion has its own tests; here a version only needs to be in production.
    await unguardedWriter().update(modelVersions).set({ stage: 'production' }).where(eq(modelVersions.id, version.id));
    const awareAt = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 16).replace('T', ' ');
    const incident = await recordIncident(ds, ZRecordIncidentInput.parse({ title: 'Cardiac calls ranked low', description: 'Calls describing chest pain were ranked as low priority.', systemIds: [system.id], affectedPeople: '14 callers in one region', severity: 'critical', serious: true, category: 'death', awareAt }));
    await addIncidentAction(ds, incident.id, { text: 'Dispatchers told to override the ranking for chest pain.', at: new Date().toISOString() });

    const response = await reportRoute.GET(new NextRequest(`http://localhost/api/v1/incidents/${incident.id}/report.pdf`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id: incident.id }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="provenant-incident-\d+-\d{4}-\d{2}-\d{2}\.pdf"$/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = (await pdfText(bytes)).replace(/\s+/g, ' ');
    expect(text).toContain(`Incident report INC-${incident.number}`);
    expect(text).toContain('Report due in 7 days');
    expect(text).toContain(`${incident.reportDeadline!.slice(0, 10)} ${incident.reportDeadline!.slice(11, 16)} UTC: immediately, and not later than 10 days after becoming aware (Art. 73(4))`);
    expect(text).toContain('Death of a person possibly involved');
    expect(text).toContain('14 callers in one region');
    expect(text).toContain('Ranks emergency calls for dispatchers.');
    expect(text.split('never to decline or delay one.').length - 1).toBe(38);
    expect(text).toContain('END-OF-PURPOSE');
    expect(text).toContain('cccccccc cccccccc');
    expect(text).toContain('Dispatchers told to override the ranking for chest pain.');
    expect(text).toMatch(/F-\d+ Serious incident INC-\d+: Cardiac calls ranked low/);
    expect(text).toContain('Not yet reported to the market surveillance authority.');
    // People read as on every page and in the evidence pack: the name, then the email that identifies them.
    expect(text).toContain(`Incident owner ${ds.name} (${ds.email})`);
    expect(text).toContain(`Report prepared by ${ds.name} (${ds.email})`);
    expect(text).toMatch(/Page 1 of \d/);
  });
});

describe('the incident report’s layout', () => {
  it('never leaves a section heading at the foot of a page without the start of its table', async () => {
    const system = await makeSystem(ds, { name: 'Layout probe' });
    const awareAt = new Date(Date.now() - 86_400_000).toISOString();
    const recorded = await recordIncident(ds, ZRecordIncidentInput.parse({ title: 'Layout', description: 'x', systemIds: [system.id], severity: 'high', serious: true, category: 'general', awareAt }));
    const longAction = 'Dispatchers were told to override the ranking for chest pain, the model was rolled back to the previous version, and every call ranked low in the period was listened to again by a senior dispatcher, who called back the fourteen people affected. '.repeat(2);
    await addIncidentAction(ds, recorded.id, { text: longAction, at: new Date().toISOString() });
    const incident = await getIncident(ds, recorded.id);
    // The description grows three lines at a time, so the heading passes through the foot of page 1.
    for (let lines = 0; lines <= 30; lines += 3) {
      const view = { incident: { ...incident, description: Array.from({ length: lines + 1 }, (_, i) => `Line ${i}.`).join('\n') }, preparedBy: { name: ds.name, email: ds.email }, generatedAt: new Date().toISOString() };
      const parser = new PDFParse({ data: new Uint8Array(await renderPdfToBuffer(createElement(IncidentDocument, { view }))) });
      const pages = (await parser.getText()).pages.map((p) => p.text.replace(/\s+/g, ' '));
      await parser.destroy();
      const page = pages.find((p) => p.includes('Timeline of actions'))!;
      expect(page, `with ${lines} extra lines`).toContain('Dispatchers were told to override');
    }
  }, 120_000);
});
