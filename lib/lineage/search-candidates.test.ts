import { beforeAll, describe, expect, it } from 'vitest';
import { only, withTransaction } from '@/db';
import { datasets, datasetVersions, models, modelVersions } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { Forbidden } from '@/lib/errors';
import { makeActor, makeSystem } from '@/lib/testing';
import { ZLineageCandidatesQuery } from './schemas';
import { searchLineageCandidates } from './search-candidates';

/** A few thousand versions, as a large inventory has: the picker must find the few that match, newest first. */
const MODELS_PER_SYSTEM = 10;
const VERSIONS_PER_MODEL = 120;
const DATASETS = 15;
const VERSIONS_PER_DATASET = 100;

let dana: Actor;
let sam: Actor;
let rita: Actor;

const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString();

beforeAll(async () => {
  dana = await makeActor(['data_scientist'], 'dana');
  sam = await makeActor(['data_scientist'], 'sam');
  rita = await makeActor(['risk_officer'], 'rita');
  const danas = await makeSystem(dana, { name: 'Credit Scoring' });
  const sams = await makeSystem(sam, { name: 'Fraud Watch' });
  await withTransaction(async (tx) => {
    for (const [system, owner, prefix] of [[danas, dana, 'scorer'], [sams, sam, 'detector']] as const) {
      for (let m = 0; m < MODELS_PER_SYSTEM; m += 1) {
        const model = only(await tx.insert(models).values({ systemId: system.id, name: `${prefix}-${m}`, createdById: owner.userId }).returning());
        await tx.insert(modelVersions)
          .values(Array.from({ length: VERSIONS_PER_MODEL }, (_, v) => ({ modelId: model.id, version: `1.${v}.0`, artifactSha256: 'a'.repeat(64), format: 'safetensors' as const, registeredById: owner.userId, createdAt: day(v) })));
      }
    }
    for (let d = 0; d < DATASETS; d += 1) {
      const dataset = only(await tx.insert(datasets).values({ namespace: 's3://lake', name: d === 0 ? 'Loan_Applications' : `table-${d}`, createdById: dana.userId }).returning());
      await tx.insert(datasetVersions)
        .values(Array.from({ length: VERSIONS_PER_DATASET }, (_, v) => ({ datasetId: dataset.id, version: `2025-${String(v).padStart(3, '0')}`, createdById: dana.userId, createdAt: day(v) })));
    }
  });
});

const search = async (actor: Actor, input: Record<string, unknown>) => await searchLineageCandidates(actor, ZLineageCandidatesQuery.parse(input));

describe('searching versions for the run form', () => {
  it('matches every word of the query anywhere in the label, ignoring case', async () => {
    const found = await search(dana, { kind: 'dataset_version', q: 'LOAN_applications 2025-04' });
    expect(found.items.map((i) => i.label).sort()).toEqual(['s3://lake/Loan_Applications @ 2025-040', 's3://lake/Loan_Applications @ 2025-041', 's3://lake/Loan_Applications @ 2025-042', 's3://lake/Loan_Applications @ 2025-043', 's3://lake/Loan_Applications @ 2025-044', 's3://lake/Loan_Applications @ 2025-045', 's3://lake/Loan_Applications @ 2025-046', 's3://lake/Loan_Applications @ 2025-047', 's3://lake/Loan_Applications @ 2025-048', 's3://lake/Loan_Applications @ 2025-049']);
    expect((await search(dana, { kind: 'dataset_version', q: 'loan_applications nowhere' })).total).toBe(0);
    const models = await search(dana, { kind: 'model_version', q: 'credit SCORER-3 @ 1.7.0' });
    expect(models.items).toEqual([{ id: expect.any(String), label: 'Credit Scoring / scorer-3 @ 1.7.0', detail: 'development' }]);
  });

  it('treats LIKE wildcards in the query as plain characters', async () => {
    expect((await search(dana, { kind: 'dataset_version', q: '%' })).total).toBe(0);
    expect((await search(dana, { kind: 'dataset_version', q: 'loan_' })).total).toBe(VERSIONS_PER_DATASET);
    expect((await search(dana, { kind: 'dataset_version', q: 'loan%' })).total).toBe(0);
  });

  it('answers one page of at most pageSize matches, newest first, with the total', async () => {
    const first = await search(dana, { kind: 'model_version', q: 'scorer' });
    expect(first.items).toHaveLength(20);
    expect(first.total).toBe(MODELS_PER_SYSTEM * VERSIONS_PER_MODEL);
    expect(first.items.every((i) => i.label.endsWith(`@ 1.${VERSIONS_PER_MODEL - 1}.0`) || i.label.endsWith(`@ 1.${VERSIONS_PER_MODEL - 2}.0`))).toBe(true);
    const second = await search(dana, { kind: 'model_version', q: 'scorer', page: 2 });
    expect(second.items).toHaveLength(20);
    expect(second.items.some((i) => first.items.some((f) => f.id === i.id))).toBe(false);
    expect((await search(dana, { kind: 'dataset_version', q: '', pageSize: 5 })).items).toHaveLength(5);
    expect((await search(dana, { kind: 'dataset_version', q: '' })).total).toBe(DATASETS * VERSIONS_PER_DATASET);
  });

  it('bounds the page size and the query length', () => {
    expect(ZLineageCandidatesQuery.safeParse({ kind: 'model_version', pageSize: 51 }).success).toBe(false);
    expect(ZLineageCandidatesQuery.safeParse({ kind: 'model_version', q: 'x'.repeat(201) }).success).toBe(false);
    expect(ZLineageCandidatesQuery.safeParse({ kind: 'run' }).success).toBe(false);
  });
});

describe('who may search', () => {
  it('offers anyone who reads the inventory every version as an input', async () => {
    expect((await search(rita, { kind: 'model_version', q: 'detector' })).total).toBe(MODELS_PER_SYSTEM * VERSIONS_PER_MODEL);
    expect((await search(dana, { kind: 'model_version', q: '' })).total).toBe(2 * MODELS_PER_SYSTEM * VERSIONS_PER_MODEL);
  });

  it('offers as outputs only the model versions the caller may write to', async () => {
    const outputs = await search(dana, { kind: 'model_version', side: 'output', q: '' });
    expect(outputs.total).toBe(MODELS_PER_SYSTEM * VERSIONS_PER_MODEL);
    expect(outputs.items.every((i) => i.label.startsWith('Credit Scoring / '))).toBe(true);
    expect((await search(dana, { kind: 'model_version', side: 'output', q: 'detector' })).total).toBe(0);
    expect((await search(sam, { kind: 'model_version', side: 'output', q: 'detector' })).total).toBe(MODELS_PER_SYSTEM * VERSIONS_PER_MODEL);
  });

  it('refuses outputs to those who may not record lineage, and tokens without the read scope', async () => {
    await expect(async () => await search(rita, { kind: 'model_version', side: 'output', q: '' })).rejects.toThrow(Forbidden);
    const writeOnlyToken: Actor = { ...dana, type: 'token', tokenId: 't', scopes: ['lineage:write'] };
    await expect(async () => await search(writeOnlyToken, { kind: 'dataset_version', q: 'loan' })).rejects.toThrow(Forbidden);
    const readToken: Actor = { ...dana, type: 'token', tokenId: 't', scopes: ['read'] };
    expect((await search(readToken, { kind: 'dataset_version', q: 'loan' })).total).toBe(VERSIONS_PER_DATASET);
    await expect(async () => await search(readToken, { kind: 'model_version', side: 'output', q: '' })).rejects.toThrow(Forbidden);
  });
});
