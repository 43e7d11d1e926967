import { describe, expect, it } from 'vitest';
import { ZUpdateFindingInput } from '@/lib/findings/schemas';
import { ZRecordIncidentInput } from '@/lib/incidents/schemas';
import { ZCreateSystemInput } from '@/lib/inventory/schemas';
import { ZRetractEvaluationInput } from '@/lib/evidence/schemas';
import { ZRequestPromotionInput } from '@/lib/promotion/schemas';
import { ZSignReviewInput } from '@/lib/reviews/schemas';
import { required, sentence } from './text-fields';

const INVISIBLE = ['\u200b\u200b', '\u00ad', '\u2800', ' \u200d\ufeff '];

describe('text that must say something', () => {
  it.each(INVISIBLE)('refuses %j: only invisible characters, which trim() keeps', (value) => {
    expect(required(200).safeParse(value).success).toBe(false);
  });

  it('keeps what is visible, trimmed', () => {
    expect(required(200).parse('  Drift on income \u200b')).toBe('Drift on income \u200b');
  });

  it('holds in the schemas that take a title, a purpose or conditions', () => {
    const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => result.error?.issues.map((i) => i.path.join('.'));
    expect(issues(ZRecordIncidentInput.safeParse({ title: '\u200b\u200b' }))).toContain('title');
    expect(issues(ZCreateSystemInput.safeParse({ name: '\u200b', purpose: '\u2800', riskTier: 'minimal' }))).toEqual(['name', 'purpose']);
    expect(issues(ZUpdateFindingInput.safeParse({ title: '\u00ad' }))).toEqual(['title']);
    expect(issues(ZSignReviewInput.safeParse({ systemId: 's', outcome: 'continue_with_conditions', conditions: '\u200b', password: 'p', snapshotSha256: 'a'.repeat(64) }))).toEqual(['conditions']);
  });

  it('counts only the characters that show towards a reason\'s least length', () => {
    const why = sentence(10, 2000, 'Say why, in a sentence.');
    expect(why.safeParse('\u200b'.repeat(10)).success).toBe(false);
    expect(why.safeParse(`ok${'\u200b'.repeat(20)}`).success).toBe(false);
    expect(why.safeParse('Recalibrated on Q3 data.').success).toBe(true);
    expect(ZRequestPromotionInput.safeParse({ modelVersionId: 'v', targetStage: 'staging', justification: '\u2800'.repeat(12) }).error?.issues.map((i) => i.path.join('.'))).toEqual(['justification']);
    expect(ZRetractEvaluationInput.safeParse({ reason: '\u00ad'.repeat(12) }).error?.issues.map((i) => i.path.join('.'))).toEqual(['reason']);
  });
});
