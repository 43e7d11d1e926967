import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { findings, reviewTriggers } from '@/db/schema';
import { systemActor } from '@/lib/auth/actor';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { FINDING_DEADLINE_DEFAULTS, isoDateAfter } from './deadlines';
import { raiseFindingInTx, type RaiseFindingInput } from './raise-finding';

const NOW = new Date('2026-06-01T10:00:00Z');
const LATER = new Date('2026-06-20T10:00:00Z');
let systemId: string;
let versionId: string;

beforeAll(async () => {
  ensureDefaultPolicies(systemActor('test'));
  const ds = await makeActor(['data_scientist']);
  systemId = makeSystem(ds, { riskTier: 'minimal' }).id;
  versionId = createModelVersion(ds, { modelId: createModel(ds, { systemId, name: 'scorer' }).id, version: '1.0.0', artifactSha256: 'b'.repeat(64), format: 'onnx' }).id;
});

const raise = (input: Partial<RaiseFindingInput>, now: Date) =>
  getDb().transaction((tx) =>
    raiseFindingInTx(
      tx,
      systemActor('monitoring'),
      { type: 'monitoring_breach', severity: 'medium', title: 'psi of amount ≥ 0.1', description: 'Drift.', subjectType: 'model_version', subjectId: versionId, source: 'monitoring', dedupeKey: `monitoring:${versionId}:psi:amount`, ...input },
      now,
    ),
  );

describe('a repeat of a known problem', () => {
  it('keeps title and due date when it is no worse, and takes the worse title, the earlier due date and a review when it escalates', () => {
    const first = raise({}, NOW).finding;
    expect(first.dueDate).toBe(isoDateAfter(NOW, FINDING_DEADLINE_DEFAULTS.medium));
    const milder = raise({ severity: 'low', title: 'other' }, LATER).finding;
    expect(milder).toMatchObject({ id: first.id, severity: 'medium', title: first.title, dueDate: first.dueDate, occurrences: 2 });

    const worse = raise({ severity: 'critical', title: 'psi of amount ≥ 0.25' }, LATER).finding;
    expect(worse).toMatchObject({ id: first.id, severity: 'critical', title: 'psi of amount ≥ 0.25', dueDate: isoDateAfter(LATER, FINDING_DEADLINE_DEFAULTS.critical), occurrences: 3 });
    const triggers = getDb().select().from(reviewTriggers).where(and(eq(reviewTriggers.systemId, systemId), isNull(reviewTriggers.resolvedByReviewId))).all();
    expect(triggers.map((t) => t.reason)).toEqual(['critical_finding']);
    expect(getDb().select().from(findings).where(eq(findings.subjectId, versionId)).all()).toHaveLength(1);
  });
});
