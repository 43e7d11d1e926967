import { describe, expect, it } from 'vitest';
import { proposeRiskTier, QUESTIONNAIRE_VERSION, questionnaireName, tierJustification } from './risk-questionnaire';

describe('proposeRiskTier', () => {
  it('proposes minimal when nothing applies', () => {
    expect(proposeRiskTier({}).tier).toBe('minimal');
  });
  it('proposes limited for Art. 50 transparency duties', () => {
    expect(proposeRiskTier({ interacts_with_people: true })).toMatchObject({ tier: 'limited', reasons: [expect.stringContaining('Art. 50(1)')] });
  });
  it('proposes high for an Annex III area, over transparency duties', () => {
    expect(proposeRiskTier({ employment: true, interacts_with_people: true }).tier).toBe('high');
  });
  it('proposes prohibited for an Art. 5 practice, over everything else', () => {
    expect(proposeRiskTier({ social_scoring: true, essential_services: true }).tier).toBe('prohibited');
  });
  it('flags general-purpose models without changing the tier', () => {
    expect(proposeRiskTier({ general_purpose_model: true })).toMatchObject({ tier: 'minimal', generalPurposeModel: true });
  });
  it('ignores answers that are not a plain yes', () => {
    expect(proposeRiskTier({ employment: false }).tier).toBe('minimal');
  });
});

describe('questionnaireName', () => {
  it('names the questionnaire for people, its identifier after; an unknown one reads as its identifier', () => {
    expect(questionnaireName(QUESTIONNAIRE_VERSION)).toBe('EU AI Act questionnaire (Regulation (EU) 2024/1689), version 1 (eu-ai-act-2024-1689/v1)');
    expect(questionnaireName('bank-internal/v3')).toBe('bank-internal/v3');
  });

  it('says why a tier is what it is, as the card page, PDF and Markdown all print it', () => {
    expect(tierJustification({ justification: '', tier: 'high', proposedTier: 'high' })).toBe('None needed: the tier is the questionnaire’s proposal.');
    expect(tierJustification({ justification: 'Held high by policy.', tier: 'high', proposedTier: 'minimal' })).toBe('Held high by policy.');
    expect(tierJustification({ justification: '', tier: 'high', proposedTier: null })).toBeNull();
  });
});
