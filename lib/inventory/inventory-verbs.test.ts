import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, first as firstRow } from '@/db';
import { aiSystems, auditEvents, modelVersions } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { parseInput } from '@/lib/http/to-domain-error';
import { wasExisting } from '@/lib/idempotent';
import { makeActor, makeSystem } from '@/lib/testing';
import { createModel } from './create-model';
import { createModelVersion } from './create-model-version';
import { createSystem } from './create-system';
import { retireSystem } from './retire-system';
import { ZCreateSystemInput } from './schemas';
import { updateModelVersion } from './update-model-version';
import { updateSystem } from './update-system';

const auditCount = async () => firstRow(await getDb().select({ n: count() }).from(auditEvents).limit(1))!.n;
const eventsFor = async (id: string) => await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, id));

let ds: Actor;
let otherDs: Actor;
let riskOfficer: Actor;
let auditor: Actor;

beforeAll(async () => {
  ds = await makeActor(['data_scientist'], 'ds');
  otherDs = await makeActor(['data_scientist'], 'other');
  riskOfficer = await makeActor(['risk_officer'], 'ro');
  auditor = await makeActor(['auditor'], 'aud');
});

describe('registering a system', () => {
  it('stores the questionnaire rationale and writes exactly one audit event with the record', async () => {
    const before = await auditCount();
    const system = await createSystem(ds, parseInput(ZCreateSystemInput, { name: 'CV ranker', purpose: 'Ranks CVs.', riskTier: 'high', riskAnswers: { employment: true } }));
    expect(system.ownerId).toBe(ds.userId);
    expect(system.riskRationale).toMatchObject({ proposedTier: 'high', chosenTier: 'high', answers: { employment: true } });
    expect(await auditCount()).toBe(before + 1);
    const [event] = await eventsFor(system.id);
    expect(event).toMatchObject({ action: 'system.created', actorId: ds.userId, ip: '127.0.0.1', userAgent: 'vitest' });
    expect(JSON.parse(event!.after!)).toMatchObject({ id: system.id, name: 'CV ranker' });
  });

  it('rejects bad input with field-level issues and writes nothing', async () => {
    const before = await auditCount();
    expect(() => parseInput(ZCreateSystemInput, { name: ' ', riskTier: 'extreme' })).toThrow(Invalid);
    try {
      parseInput(ZCreateSystemInput, { name: ' ', riskTier: 'extreme' });
    } catch (error) {
      expect((error as Invalid).issues!.map((i) => i.path).sort()).toEqual(['name', 'purpose', 'riskTier']);
    }
    expect(await auditCount()).toBe(before);
  });

  it('refuses answers to questions the questionnaire does not ask, naming each, rather than storing them in the rationale', async () => {
    const refused = (() => {
      try {
        return parseInput(ZCreateSystemInput, { name: 'X', purpose: 'Y', riskTier: 'high', riskAnswers: { employment: true, bogus: true, toString: true } });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(Invalid);
    expect((refused as Invalid).issues!.map((i) => i.path)).toEqual(['riskAnswers.bogus', 'riskAnswers.toString']);
    expect((refused as Invalid).issues![0]!.message).toMatch(/^Not a question of the eu-ai-act-2024-1689\/v1 questionnaire; its questions are manipulation, /);
  });

  it('ignores fields the caller may not set (owner, id, audit fields)', async () => {
    const input = parseInput(ZCreateSystemInput, { name: 'X', purpose: 'Y', riskTier: 'minimal', ownerId: otherDs.userId, id: 'forged', createdAt: '2000-01-01' });
    const system = await createSystem(ds, input);
    expect(system.ownerId).toBe(ds.userId);
    expect(system.id).not.toBe('forged');
    expect(system.createdAt.startsWith('2000')).toBe(false);
  });

  it('needs a reason to choose a tier below the proposal', async () => {
    await expect(async () => await createSystem(ds, { name: 'Z', purpose: 'Z', riskTier: 'minimal', riskAnswers: { essential_services: true } })).rejects.toThrow(Invalid);
    const system = await createSystem(ds, { name: 'Z', purpose: 'Z', riskTier: 'limited', riskAnswers: { essential_services: true }, riskOverrideReason: 'Only used for marketing pre-screening.' });
    expect(system.riskRationale).toMatchObject({ proposedTier: 'high', overrideReason: 'Only used for marketing pre-screening.' });
  });

  it('refuses auditors', async () => {
    await expect(async () => await makeSystem(auditor)).rejects.toThrow(Forbidden);
  });
});

describe('editing a system', () => {
  it('records only the changed fields, before and after', async () => {
    const system = await makeSystem(ds);
    await updateSystem(ds, system.id, { purpose: 'Scores applicants for unsecured loans.', name: system.name });
    const updated = (await eventsFor(system.id)).find((e) => e.action === 'system.updated')!;
    expect(JSON.parse(updated.before!)).toEqual({ purpose: 'Scores loan applicants.' });
    expect(JSON.parse(updated.after!)).toEqual({ purpose: 'Scores applicants for unsecured loans.' });
  });

  it('writes nothing when nothing changes', async () => {
    const system = await makeSystem(ds);
    const before = await auditCount();
    await updateSystem(ds, system.id, { name: system.name });
    expect(await auditCount()).toBe(before);
  });

  it('lets only risk officers reclassify, with an audit event of its own', async () => {
    const system = await makeSystem(ds);
    await expect(async () => await updateSystem(ds, system.id, { riskTier: 'minimal' })).rejects.toThrow(Forbidden);
    await expect(async () => await updateSystem(otherDs, system.id, { purpose: 'hijack' })).rejects.toThrow(Forbidden);
    const reclassified = await updateSystem(riskOfficer, system.id, { riskTier: 'limited', riskAnswers: { interacts_with_people: true } });
    expect(reclassified.riskTier).toBe('limited');
    expect((await eventsFor(system.id)).map((e) => e.action)).toContain('system.classified');
  });

  it('retires once; a retired system can no longer be edited', async () => {
    const system = await makeSystem(ds);
    await retireSystem(ds, system.id, { reason: 'Replaced.' });
    await expect(async () => await retireSystem(ds, system.id, { reason: 'Again.' })).rejects.toThrow(Conflict);
    await expect(async () => await updateSystem(ds, system.id, { purpose: 'x' })).rejects.toThrow(Conflict);
    expect(firstRow(await getDb().select().from(aiSystems).where(eq(aiSystems.id, system.id)).limit(1))!.lifecycleStatus).toBe('retired');
  });
});

describe('model versions', () => {
  it('start in development, and a stage change outside promotion is refused and audited', async () => {
    const system = await makeSystem(ds);
    const model = await createModel(ds, { systemId: system.id, name: 'scorer' });
    await expect(async () => await createModel(otherDs, { systemId: system.id, name: 'intruder' })).rejects.toThrow(Forbidden);
    const version = await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: 'a'.repeat(64), format: 'onnx' });
    expect(version.stage).toBe('development');
    await expect(async () => await updateModelVersion(ds, version.id, { stage: 'production' })).rejects.toThrow(Conflict);
    expect(firstRow(await getDb().select().from(modelVersions).where(eq(modelVersions.id, version.id)).limit(1))!.stage).toBe('development');
    expect((await eventsFor(version.id)).map((e) => e.action)).toEqual(['model_version.created', 'model_version.stage_change_refused']);
  });

  it('are idempotent on model + label: a retry returns the same record, another digest conflicts', async () => {
    const system = await makeSystem(ds);
    const model = await createModel(ds, { systemId: system.id, name: 'dup' });
    const first = await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: 'b'.repeat(64), format: 'onnx' });
    const before = await auditCount();
    const retry = await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: 'b'.repeat(64), format: 'onnx' });
    expect(retry.id).toBe(first.id);
    expect(wasExisting(retry)).toBe(true);
    expect(await auditCount()).toBe(before);
    await expect(async () => await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: 'c'.repeat(64), format: 'onnx' })).rejects.toThrow(Conflict);
  });
});
