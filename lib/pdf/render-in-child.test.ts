import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as reportRoute from '@/app/api/v1/incidents/[id]/report.pdf/route';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { addIncidentAction } from '@/lib/incidents/add-incident-action';
import { recordIncident } from '@/lib/incidents/record-incident';
import { ZRecordIncidentInput } from '@/lib/incidents/schemas';
import { makeActor, makeSystem } from '@/lib/testing';

// Read by lib/pdf/render-in-child.ts when it loads: a short limit, so that a large document is given up quickly here.
vi.hoisted(() => {
  process.env.PDF_RENDER_SECONDS = '3';
});

let ds: Actor;
let token: string;
let systemId: string;
beforeAll(async () => {
  ds = await makeActor(['data_scientist']);
  token = (await createApiToken(systemActor('test'), ds.userId, { name: 'read', scopes: ['read'] })).secret;
  systemId = (await makeSystem(ds, { name: 'Claims triage' })).id;
});

async function incidentWithTimeline(actions: number, text: string) {
  const incident = await recordIncident(ds, ZRecordIncidentInput.parse({ title: 'Claims misrouted', description: 'Claims were routed to the wrong queue.', systemIds: [systemId], severity: 'low', serious: false, awareAt: '2026-11-20' }));
  for (let i = 0; i < actions; i++) await addIncidentAction(ds, incident.id, { text, at: new Date().toISOString() });
  return incident.id;
}

const report = (id: string) => reportRoute.GET(new NextRequest(`http://localhost/api/v1/incidents/${id}/report.pdf`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id }) });

describe('PDFs rendered in the renderer process', () => {
  it('gives up a document that outruns its time with 413, and the next document renders in a new renderer', async () => {
    // An incident timeline within every input limit (300 actions of 4,000 characters) takes react-pdf tens of seconds.
    const huge = await incidentWithTimeline(300, 'Reviewed the routing rules and the affected claims. '.repeat(80).slice(0, 4000));
    const refused = await report(huge);
    expect(refused.status).toBe(413);
    expect((await refused.json()).error).toMatchObject({ code: 'too_large', message: expect.stringContaining('This incident report is too large to render as a PDF') });

    const small = await report(await incidentWithTimeline(1, 'Queue rules corrected.'));
    expect(small.status).toBe(200);
    expect(Buffer.from(await small.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);

  it('refuses a PDF_RENDER_SECONDS that is not a whole number of seconds, naming the variable', async () => {
    for (const value of ['abc', '0', '1.5', '601']) {
      vi.resetModules();
      vi.stubEnv('PDF_RENDER_SECONDS', value);
      await expect(import('./render-in-child')).rejects.toThrow(`PDF_RENDER_SECONDS must be a whole number of seconds from 1 to 600, not "${value}"`);
    }
    vi.unstubAllEnvs();
  });
});
