import { describe, expect, it } from 'vitest';
import { proposeRiskTier } from './risk-questionnaire';

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
