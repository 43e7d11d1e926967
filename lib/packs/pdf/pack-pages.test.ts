import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb } from '@/db';
import { aiSystems, evidencePacks } from '@/db/schema';
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
  return { pdf, pages: await readPdfPages(pdf), headings, firstContentPage: 1 + layout.tocPages };
}

/** The last line of a page above its footer (label, then chain head with the page number). */
const lastContentLine = (page: string) => page.trimEnd().split('\n').slice(0, -2).at(-1);

beforeAll(async () => {
  await seedDemo();
  auditor = await makeActor(['auditor']);
}, 60_000);

describe('evidence pack pages', () => {
  // The demo's credit-scoring pack left "2.2 … 3.2.0" alone at the bottom of page 3, the inventory pack "Lineage".
  it.each([
    ['the credit-scoring system', async () => ({ scopeType: 'system' as const, scopeId: first(await getDb().select().from(aiSystems).where(eq(aiSystems.name, 'Retail credit scoring')).limit(1))!.id })],
    ['the whole inventory', () => ({ scopeType: 'inventory' as const, scopeId: null })],
  ])('never end with a section heading (%s)', async (_name, scope) => {
    const { pages, headings, firstContentPage } = await renderPack(await scope());
    const content = pages.slice(firstContentPage - 1);
    expect(content.length).toBeGreaterThan(2);
    const orphans = content.map(lastContentLine).filter((line) => line && headings.has(line));
    expect(orphans).toEqual([]);
  }, 120_000);

  it('labels the expected and the actual digest of an integrity check, and says its language', async () => {
    const { pdf, pages } = await renderPack({ scopeType: 'inventory', scopeId: null });
    const text = pages.join('\n');
    expect(text).toMatch(/Expected SHA-256\s+Actual SHA-256/);
    expect(text).not.toContain('Expected, then actual');
    expect(pdf.toString('latin1')).toMatch(/\/Lang \(en\)/);
  }, 120_000);
});
