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
