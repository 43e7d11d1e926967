import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { auditEvents } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { Forbidden, Invalid } from '@/lib/errors';
import { parseInput } from '@/lib/http/to-domain-error';
import { makeActor } from '@/lib/testing';
import { currentPolicy } from './policy-queries';
import { ZUpdatePolicyInput } from './policy-schemas';
import { ensureDefaultPolicies, updatePolicy } from './update-policy';

let admin: Actor;
let ro: Actor;
beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [admin, ro] = await Promise.all([makeActor(['admin']), makeActor(['risk_officer'])]);
});

describe('promotion policies', () => {
  it('are seeded with defaults: a high-risk production promotion needs four kinds of evidence and two roles', async () => {
    const policy = (await currentPolicy(getDb(), 'high', 'production'))!;
    expect(policy.rules.requiredEvidenceKinds).toEqual(['performance', 'robustness', 'fairness', 'red_team']);
    expect(policy.rules.requiredApprovers.map((a) => a.role).sort()).toEqual(['risk_officer', 'security_reviewer']);
    expect((await currentPolicy(getDb(), 'minimal', 'production'))!.rules).toMatchObject({ requiredEvidenceKinds: ['performance'], requiredApprovers: [{ role: 'risk_officer', count: 1 }] });
  });

  it('are versioned: an admin edit writes the next version and audits what changed', async () => {
    const before = (await currentPolicy(getDb(), 'limited', 'production'))!;
    const reason = 'Fairness evidence is now asked of every limited-risk model (model risk committee, 2026-12-01).';
    const next = await updatePolicy(admin, parseInput(ZUpdatePolicyInput, { riskTier: 'limited', targetStage: 'production', reason, rules: { ...before.rules, requiredEvidenceKinds: ['performance', 'robustness', 'fairness'] } }));
    expect(next.version).toBe(before.version + 1);
    expect(next.changeReason).toBe(reason);
    expect((await currentPolicy(getDb(), 'limited', 'production'))!.id).toBe(next.id);
    const event = (await getDb().select().from(auditEvents).where(eq(auditEvents.action, 'policy.updated'))).at(-1)!;
    expect(JSON.parse(event.after!)).toMatchObject({ version: next.version, reason, requiredEvidenceKinds: ['performance', 'robustness', 'fairness'] });
    expect(JSON.parse(event.before!)).toMatchObject({ version: before.version, requiredEvidenceKinds: ['performance', 'robustness'] });
  });

  it('can be edited by admins only, never without an approver, never for prohibited systems', async () => {
    const rules = (await currentPolicy(getDb(), 'minimal', 'staging'))!.rules;
    await expect(async () => await updatePolicy(ro, parseInput(ZUpdatePolicyInput, { riskTier: 'minimal', targetStage: 'staging', reason: 'Changed by a test.', rules }))).rejects.toThrow(Forbidden);
    expect(() => parseInput(ZUpdatePolicyInput, { riskTier: 'minimal', targetStage: 'staging', reason: 'Changed by a test.', rules: { ...rules, requiredApprovers: [] } })).toThrow(Invalid);
    expect(() => parseInput(ZUpdatePolicyInput, { riskTier: 'prohibited', targetStage: 'staging', reason: 'Changed by a test.', rules })).toThrow(Invalid);
    // Saying what an absent rule means (as the editor does for every box) is no new version.
    const current = (await currentPolicy(getDb(), 'minimal', 'staging'))!;
    const same = await updatePolicy(admin, parseInput(ZUpdatePolicyInput, { riskTier: 'minimal', targetStage: 'staging', reason: 'Saved again without a change.', rules: { ...rules, allowUnscanned: rules.allowUnscanned ?? false } }));
    expect(same.version).toBe(current.version);
    // A gate never changes without a reason that says why.
    for (const reason of [undefined, '', '   ', 'because']) {
      expect(() => parseInput(ZUpdatePolicyInput, { riskTier: 'minimal', targetStage: 'staging', reason, rules })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: 'reason' })] }));
    }
  });
});

describe('monitoring rules in policies', () => {
  it('ship as defaults of every production policy, each with its source; high risk: PSI ≥ 0.1 medium, ≥ 0.25 high', async () => {
    const high = (await currentPolicy(getDb(), 'high', 'production'))!.rules.monitoringRules!;
    expect(high.filter((r) => r.metric === 'psi').map((r) => [r.comparator, r.threshold, r.severity])).toEqual([['gte', 0.1, 'medium'], ['gte', 0.25, 'high']]);
    for (const tier of ['high', 'limited', 'minimal'] as const) {
      const rules = (await currentPolicy(getDb(), tier, 'production'))!.rules.monitoringRules!;
      expect(rules.length).toBeGreaterThan(0);
      expect(rules.every((r) => (r.source ?? '').length > 10)).toBe(true);
    }
    expect((await currentPolicy(getDb(), 'high', 'staging'))!.rules.monitoringRules).toBeUndefined();
  });

  it('round-trip through an edit with deadlines and a review cadence, and refuse ill-formed rules', async () => {
    const before = (await currentPolicy(getDb(), 'minimal', 'production'))!;
    const monitoringRules = [{ metric: 'ROC_AUC', feature: '', comparator: 'lt', threshold: 0.7, windowDays: 14, severity: 'medium', source: 'Model validation report' }];
    const input = parseInput(ZUpdatePolicyInput, { riskTier: 'minimal', targetStage: 'production', reason: 'Changed by a test.', rules: { ...before.rules, monitoringRules, findingDeadlineDays: { critical: 3, high: 14, medium: 60, low: 120 }, reviewCadenceMonths: 24 } });
    const saved = await updatePolicy(admin, input);
    expect((await currentPolicy(getDb(), 'minimal', 'production'))!.rules).toMatchObject({
      monitoringRules: [{ metric: 'roc_auc', feature: null, comparator: 'lt', threshold: 0.7, windowDays: 14, severity: 'medium', source: 'Model validation report' }],
      findingDeadlineDays: { critical: 3, high: 14, medium: 60, low: 120 },
      reviewCadenceMonths: 24,
    });
    expect(saved.version).toBe(before.version + 1);
    const bad = (rule: Record<string, unknown>) => () => parseInput(ZUpdatePolicyInput, { riskTier: 'minimal', targetStage: 'production', reason: 'Changed by a test.', rules: { ...before.rules, monitoringRules: [{ ...monitoringRules[0], ...rule }] } });
    expect(bad({ windowDays: 0 })).toThrow(Invalid);
    expect(bad({ threshold: Infinity })).toThrow(Invalid);
    expect(bad({ threshold: '0.2' })).toThrow(Invalid);
    expect(bad({ comparator: 'between' })).toThrow(Invalid);
    expect(bad({ severity: 'urgent' })).toThrow(Invalid);
  });
});
