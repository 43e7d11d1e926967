import { describe, expect, it } from 'vitest';
import { closureMeaning } from './close-finding';
import { closureStatement } from './closure-statement';

describe('a signed closure as shown', () => {
  it('names the role once: the signed meaning already ends with it', () => {
    const meaning = closureMeaning({ number: 7, title: 'Parity below 0.8' }, 'closed');
    expect(closureStatement(meaning, 'risk_officer')).toBe(meaning);
    expect(closureStatement(meaning, 'risk_officer').match(/Risk officer/g)).toHaveLength(1);
  });

  it('adds the role to a meaning that does not name it', () => {
    expect(closureStatement('I attest that F-7 is fixed', 'risk_officer')).toBe('I attest that F-7 is fixed, as Risk officer');
    expect(closureStatement('I attest that F-7 is fixed', null)).toBe('I attest that F-7 is fixed');
  });
});
