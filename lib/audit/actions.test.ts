import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditActionSubject, auditActionWords } from './actions';

describe('audit actions in words', () => {
  it('names every action once, in words a person reads, under the kind of record it is done to', () => {
    const words = AUDIT_ACTIONS.map(auditActionWords);
    expect(new Set(words).size).toBe(AUDIT_ACTIONS.length);
    for (const w of words) expect(w).toMatch(/^[A-Z][^_.]*$/);
    expect(auditActionWords('model_version.stage_change_refused')).toBe('Model version stage change refused');
    expect(auditActionWords('promotion.sign_failed')).toBe('Promotion signature refused');
    expect(auditActionWords('auth.signed_in')).toBe('Signed in');
    expect(auditActionSubject('system.created')).toBe('AI system');
    expect(auditActionSubject('evaluation.retracted')).toBe('Evidence');
  });
});

describe('the audit filters', () => {
  it('say that a period ending before it begins matches nothing, on the list, the page and the export', async () => {
    const { ZAuditExportQuery, ZListAuditQuery } = await import('./schemas');
    const { parseSearchParams } = await import('@/lib/http/search-params');
    const reversed = { from: '2026-12-07', to: '2026-12-01' };
    for (const schema of [ZListAuditQuery, ZAuditExportQuery]) {
      expect(schema.safeParse(reversed).error?.issues).toEqual([expect.objectContaining({ path: ['to'], message: expect.stringMatching(/^The period ends before it begins/) })]);
      expect(schema.safeParse({ from: '2026-12-01', to: '2026-12-01' }).success).toBe(true);
    }
    expect(parseSearchParams(ZListAuditQuery, reversed)).toMatchObject({ invalid: true, problems: [expect.stringMatching(/^To: The period ends before it begins/)] });
    // A date that is not one is said in the app's words, naming the filter, not zod's "Invalid ISO date".
    expect(parseSearchParams(ZListAuditQuery, { from: '31/01/2027' }).problems).toEqual(['From: Use a date as YYYY-MM-DD.']);
  });
});
