import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb } from '@/db';
import { aiSystems, evidencePacks } from '@/db/schema';
import { listAuditLedger } from '@/lib/audit/queries';
import { ZListAuditQuery } from '@/lib/audit/schemas';
import type { Actor } from '@/lib/auth/actor';
import { seedDemo } from '@/lib/seed/seed-demo';
import { makeActor } from '@/lib/testing';
import { collectPackData } from '../collect-pack-data';
import { generateEvidencePack } from '../generate-evidence-pack';
import { packFilePath } from '../pack-files';
import { requestEvidencePack } from '../request-evidence-pack';
import { readPdfPages } from '../testing';
import { layoutPack } from './pack-document';

let auditor: Actor;

/** Generates a pack and returns its PDF's text per page with the layout's headings (their last lines) and first content page. */
async function renderPack(scope: { scopeType: 'system' | 'inventory'; scopeId: string | null }) {
  const id = (await requestEvidencePack(auditor, { ...scope, periodFrom: null, periodTo: null })).id;
  expect(await generateEvidencePack(id)).toMatchObject({ ok: true });
  const pdf = fs.readFileSync(packFilePath(id, 'pdf'));
  const layout = layoutPack(await collectPackData(first(await getDb().select().from(evidencePacks).where(eq(evidencePacks.id, id)).limit(1))!));
  const headings = new Set(layout.blocks.flatMap((block) => (block.kind === 'heading' ? [block.lines.at(-1)!] : [])));
  return { id, pdf, pages: await readPdfPages(pdf), headings, firstContentPage: 1 + layout.tocPages, toc: layout.toc };
}

/** Text with its line breaks undone: a cell's lines joined by spaces, a name parted after a separator joined again (lib/pdf/measure.ts). */
const flat = (text: string) => text.replace(/\s+/g, ' ').replace(/(?<=[/.\-_:?&=,;]) (?=\S)/g, '');

const creditScoring = async () => ({ scopeType: 'system' as const, scopeId: first(await getDb().select().from(aiSystems).where(eq(aiSystems.name, 'Retail credit scoring')).limit(1))!.id });

/** The last line of a page above its footer (label, then chain head with the page number). */
const lastContentLine = (page: string) => page.trimEnd().split('\n').slice(0, -2).at(-1);

beforeAll(async () => {
  await seedDemo();
  auditor = await makeActor(['auditor']);
}, 60_000);

describe('evidence pack pages', () => {
  // The demo's credit-scoring pack left "2.2 … 3.2.0" alone at the bottom of page 3, the inventory pack "Lineage".
  it.each([
    ['the credit-scoring system', creditScoring],
    ['the whole inventory', () => ({ scopeType: 'inventory' as const, scopeId: null })],
  ])('never end with a section heading (%s)', async (_name, scope) => {
    const { pages, headings, firstContentPage } = await renderPack(await scope());
    const content = pages.slice(firstContentPage - 1);
    expect(content.length).toBeGreaterThan(2);
    const orphans = content.map(lastContentLine).filter((line) => line && headings.has(line));
    expect(orphans).toEqual([]);
  }, 120_000);

  // "2.5 Promotion policies …" was listed as a section of its own in the contents, numbered as a part of section 2.
  it('numbers the contents as it nests them: sections 1, 2, 3…, each part N.1, N.2… under its section N', async () => {
    const { toc } = await renderPack(await creditScoring());
    expect(toc.map((entry) => entry.title)).toContain('2.5 Promotion policies the gates were judged against');
    let section = 0;
    let part = 0;
    for (const { title, level } of toc) {
      const [, major, minor] = /^(\d+)\.(\d+)? /.exec(title) ?? [];
      if (level === 1) {
        expect([title, Number(major), minor]).toEqual([title, ++section, undefined]);
        part = 0;
      } else {
        expect([title, Number(major), Number(minor)]).toEqual([title, section, ++part]);
      }
    }
    expect(section).toBe(5);
  }, 120_000);

  it("words each audit event as the audit trail page does, with its action name", async () => {
    const { id, pages } = await renderPack(await creditScoring());
    const text = flat(pages.join('\n'));
    const data = await collectPackData(first(await getDb().select().from(evidencePacks).where(eq(evidencePacks.id, id)).limit(1))!);
    // The events as at generation: collecting again also finds the pack's own "generated" event, which it cannot print.
    const head = Number(/Audit chain head #(\d+)/.exec(text)![1]);
    const seqs = new Set(data.auditEvents.filter((e) => e.seq <= head).map((e) => e.seq));
    const web = (await listAuditLedger(auditor, ZListAuditQuery.parse({ pageSize: 500 }))).items.filter((e) => seqs.has(e.seq));
    expect(web.length).toBe(seqs.size);
    const said = [
      'Dana Whitfield registered the AI system Retail credit scoring system.created',
      'Dana Whitfield requested promotion of credit-scorecard-gbm 3.1.0 to staging promotion.requested',
      ...web.map((event) => flat(`${event.summary} ${event.action}`)),
    ];
    const missing = said.filter((sentence) => !text.includes(sentence));
    expect(missing).toEqual([]);
  }, 120_000);

  // Printed "credit-scorecar" / "d-gbm 3.2.0" and "Dana Whitfield" / "due" / "2026-12-13".
  it('keeps a finding\'s subject whole up to a hyphen and its due date with its word', async () => {
    const { pages } = await renderPack(await creditScoring());
    const lines = pages.join('\n').split('\n');
    expect(lines.filter((line) => /^credit-scorecar$|^d-gbm|^due$/.test(line))).toEqual([]);
    expect(lines.filter((line) => /^due \d{4}-\d{2}-\d{2}$/.test(line)).length).toBeGreaterThan(0);
  }, 120_000);

  it('labels the expected and the actual digest of an integrity check, and says its language', async () => {
    const { pdf, pages } = await renderPack({ scopeType: 'inventory', scopeId: null });
    const text = pages.join('\n');
    expect(text).toMatch(/Expected SHA-256\s+Actual SHA-256/);
    expect(text).not.toContain('Expected, then actual');
    expect(pdf.toString('latin1')).toMatch(/\/Lang \(en\)/);
  }, 120_000);
});
