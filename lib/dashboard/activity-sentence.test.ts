import { describe, expect, it } from 'vitest';
import { activitySentence } from './activity-sentence';

const request = { label: 'credit-scorecard-gbm 3.3.0', href: '/approvals/r1', detail: 'production' };
const text = (parts: ReturnType<typeof activitySentence>) => parts.map((p) => ('text' in p ? p.text : p.entity.label)).join('');
const signedEvent = (after: object) => ({ action: 'promotion.signed', entityType: 'promotion_request', after: JSON.stringify(after) });

describe('the activity feed’s sentences', () => {
  it('says an approval was one signature of several while the request stays open, and names the role signed as', () => {
    const sentence = activitySentence(signedEvent({ signature: { decision: 'approve', role: 'risk_officer' }, requestStatus: 'open' }), 'Rita Chen', request);
    expect(text(sentence)).toBe('Rita Chen signed an approval of credit-scorecard-gbm 3.3.0 for production as risk officer; other signatures are awaited');
  });

  it('says when the signature was the last one required and the request was approved', () => {
    const sentence = activitySentence(signedEvent({ signature: { decision: 'approve', role: 'security_reviewer' }, requestStatus: 'approved' }), 'Sebastian Kowalski', request);
    expect(text(sentence)).toBe('Sebastian Kowalski signed an approval of credit-scorecard-gbm 3.3.0 for production as security reviewer, the last required: approved');
  });

  it('says a rejection rejected the request, and keeps the entity as a link', () => {
    const sentence = activitySentence(signedEvent({ signature: { decision: 'reject', role: 'risk_officer' }, requestStatus: 'rejected' }), 'Rita Chen', request);
    expect(text(sentence)).toBe('Rita Chen rejected credit-scorecard-gbm 3.3.0 for production as risk officer');
    expect(sentence).toContainEqual({ entity: request });
  });

  it('claims nothing about the outcome of an event that does not record it', () => {
    expect(text(activitySentence(signedEvent({ signature: { decision: 'approve' } }), 'Rita Chen', request))).toBe('Rita Chen signed an approval of credit-scorecard-gbm 3.3.0 for production');
    expect(text(activitySentence({ action: 'promotion.signed', entityType: 'promotion_request', after: '{not json' }, 'Rita Chen', request))).toBe('Rita Chen signed an approval of credit-scorecard-gbm 3.3.0 for production');
  });

  it('says a system came from an imported register', () => {
    const system = { label: 'Claims triage', href: '/systems/s1', detail: null };
    const created = (after: object) => ({ action: 'system.created', entityType: 'ai_system', after: JSON.stringify(after) });
    expect(text(activitySentence(created({ importedFrom: { fileSha256: 'ab'.repeat(32), line: 4 } }), 'Rita Chen', system))).toBe('Rita Chen registered the AI system Claims triage from an imported register');
    expect(text(activitySentence(created({}), 'Dana Whitfield', system))).toBe('Dana Whitfield registered the AI system Claims triage');
  });

  it('puts a or an before an evidence pack as its scope is spelled', () => {
    const pack = (label: string) => ({ label, href: '/audit/packs#pack-p1', detail: null });
    const event = (action: string) => ({ action, entityType: 'evidence_pack', after: null });
    expect(text(activitySentence(event('evidence_pack.requested'), 'Aude Laurent', pack('system evidence pack')))).toBe('Aude Laurent requested a system evidence pack');
    expect(text(activitySentence(event('evidence_pack.generated'), 'system', pack('model version evidence pack')))).toBe('A model version evidence pack was generated');
    expect(text(activitySentence(event('evidence_pack.failed'), 'system', pack('audit evidence pack')))).toBe('An audit evidence pack failed to generate');
  });

  it('names what Provenant did itself without a doubled noun', () => {
    expect(text(activitySentence({ action: 'signing_key.created', entityType: 'signing_key', after: null }, 'signing key', null))).toBe('Provenant created the key it signs cards and evidence packs with');
  });

  it('falls back to the action’s words for an action recorded by a newer release', () => {
    expect(text(activitySentence({ action: 'widget.polished', entityType: 'widget', after: null }, 'Dana Whitfield', null))).toBe('Dana Whitfield polished widget');
  });
});
