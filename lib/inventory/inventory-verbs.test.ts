import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db';
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

const auditCount = () => getDb().select({ n: count() }).from(auditEvents).get()!.n;
const eventsFor = (id: string) => getDb().select().from(auditEvents).where(eq(auditEvents.entityId, id)).all();

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
  it('stores the questionnaire rationale and writes exactly one audit event with the record', () => {
    const before = auditCount();
    const system = createSystem(ds, parseInput(ZCreateSystemInput, { name: 'CV ranker', purpose: 'Ranks CVs.', riskTier: 'high', riskAnswers: { employment: true } }));
    expect(system.ownerId).toBe(ds.userId);
    expect(system.riskRationale).toMatchObject({ proposedTier: 'high', chosenTier: 'high', answers: { employment: true } });
    expect(auditCount()).toBe(before + 1);
    const [event] = eventsFor(system.id);
    expect(event).toMatchObject({ action: 'system.created', actorId: ds.userId, ip: '127.0.0.1', userAgent: 'vitest' });
    expect(JSON.parse(event!.after!)).toMatchObject({ id: system.id, name: 'CV ranker' });
  });

  it('rejects bad input with field-level issues and writes nothing', () => {
    const before = auditCount();
    expect(() => parseInput(ZCreateSystemInput, { name: ' ', riskTier: 'extreme' })).toThrow(Invalid);
    try {
      parseInput(ZCreateSystemInput, { name: ' ', riskTier: 'extreme' });
    } catch (error) {
      expect((error as Invalid).issues!.map((i) => i.path).sort()).toEqual(['name', 'purpose', 'riskTier']);
    }
    expect(auditCount()).toBe(before);
  });

  it('ignores fields the caller may not set (owner, id, audit fields)', () => {
    const input = parseInput(ZCreateSystemInput, { name: 'X', purpose: 'Y', riskTier: 'minimal', ownerId: otherDs.userId, id: 'forged', createdAt: '2000-01-01' });
    const system = createSystem(ds, input);
    expect(system.ownerId).toBe(ds.userId);
    expect(system.id).not.toBe('forged');
    expect(system.createdAt.startsWith('2000')).toBe(false);
  });

  it('needs a reason to choose a tier below the proposal', () => {
    expect(() => createSystem(ds, { name: 'Z', purpose: 'Z', riskTier: 'minimal', riskAnswers: { essential_services: true } })).toThrow(Invalid);
    const system = createSystem(ds, { name: 'Z', purpose: 'Z', riskTier: 'limited', riskAnswers: { essential_services: true }, riskOverrideReason: 'Only used for marketing pre-screening.' });
    expect(system.riskRationale).toMatchObject({ proposedTier: 'high', overrideReason: 'Only used for marketing pre-screening.' });
  });

  it('refuses auditors', () => {
    expect(() => makeSystem(auditor)).toThrow(Forbidden);
  });
});

describe('editing a system', () => {
  it('records only the changed fields, before and after', () => {
    const system = makeSystem(ds);
    updateSystem(ds, system.id, { purpose: 'Scores applicants for unsecured loans.', name: system.name });
    const updated = eventsFor(system.id).find((e) => e.action === 'system.updated')!;
    expect(JSON.parse(updated.before!)).toEqual({ purpose: 'Scores loan applicants.' });
    expect(JSON.parse(updated.after!)).toEqual({ purpose: 'Scores applicants for unsecured loans.' });
  });

  it('writes nothing when nothing changes', () => {
    const system = makeSystem(ds);
    const before = auditCount();
    updateSystem(ds, system.id, { name: system.name });
    expect(auditCount()).toBe(before);
  });

  it('lets only risk officers reclassify, with an audit event of its own', () => {
    const system = makeSystem(ds);
    expect(() => updateSystem(ds, system.id, { riskTier: 'minimal' })).toThrow(Forbidden);
    expect(() => updateSystem(otherDs, system.id, { purpose: 'hijack' })).toThrow(Forbidden);
    const reclassified = updateSystem(riskOfficer, system.id, { riskTier: 'limited', riskAnswers: { interacts_with_people: true } });
    expect(reclassified.riskTier).toBe('limited');
    expect(eventsFor(system.id).map((e) => e.action)).toContain('system.classified');
  });

  it('retires once; a retired system can no longer be edited', () => {
    const system = makeSystem(ds);
    retireSystem(ds, system.id, { reason: 'Replaced.' });
    expect(() => retireSystem(ds, system.id, { reason: 'Again.' })).toThrow(Conflict);
    expect(() => updateSystem(ds, system.id, { purpose: 'x' })).toThrow(Conflict);
    expect(getDb().select().from(aiSystems).where(eq(aiSystems.id, system.id)).get()!.lifecycleStatus).toBe('retired');
  });
});

describe('model versions', () => {
  it('start in development, and a stage change outside promotion is refused and audited', () => {
    const system = makeSystem(ds);
    const model = createModel(ds, { systemId: system.id, name: 'scorer' });
    expect(() => createModel(otherDs, { systemId: system.id, name: 'intruder' })).toThrow(Forbidden);
    const version = createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: 'a'.repeat(64), format: 'onnx' });
    expect(version.stage).toBe('development');
    expect(() => updateModelVersion(ds, version.id, { stage: 'production' })).toThrow(Conflict);
    expect(getDb().select().from(modelVersions).where(eq(modelVersions.id, version.id)).get()!.stage).toBe('development');
    expect(eventsFor(version.id).map((e) => e.action)).toEqual(['model_version.created', 'model_version.stage_change_refused']);
  });

  it('are idempotent on model + label: a retry returns the same record, another digest conflicts', () => {
    const system = makeSystem(ds);
    const model = createModel(ds, { systemId: system.id, name: 'dup' });
    const first = createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: 'b'.repeat(64), format: 'onnx' });
    const before = auditCount();
    const retry = createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: 'b'.repeat(64), format: 'onnx' });
    expect(retry.id).toBe(first.id);
    expect(wasExisting(retry)).toBe(true);
    expect(auditCount()).toBe(before);
    expect(() => createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: 'c'.repeat(64), format: 'onnx' })).toThrow(Conflict);
  });
});
