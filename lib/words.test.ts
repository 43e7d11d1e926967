import { describe, expect, it } from 'vitest';
import { firstWords, humanize, plural } from './words';

describe('plural', () => {
  it('says one thing in the singular and every other count in the plural, with thousands separated', () => {
    expect(plural(1, 'version')).toBe('1 version');
    expect(plural(0, 'version')).toBe('0 versions');
    expect(plural(2, 'attachment')).toBe('2 attachments');
    expect(plural(2451, 'system')).toBe('2,451 systems');
  });

  it('takes an irregular plural', () => {
    expect(plural(1, 'base model version', 'base model versions')).toBe('1 base model version');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
  });
});

describe('humanize', () => {
  it('reads an enum value as words', () => {
    expect(humanize('security_reviewer')).toBe('Security reviewer');
  });
});

describe('firstWords', () => {
  it('keeps a short text whole, on one line', () => {
    expect(firstWords('  Step-up only,\n\tnever decline.  ')).toBe('Step-up only, never decline.');
  });

  it('cuts a long text after a whole word near the limit, without trailing punctuation', () => {
    const cut = firstWords('Scores between the alert and block thresholds ask for step-up authentication, never a decline', 60);
    expect(cut).toBe('Scores between the alert and block thresholds ask for…');
    expect(cut.length).toBeLessThanOrEqual(60);
  });

  it('cuts inside a word only when no word ends in the last fifth, and never leaves half a surrogate pair', () => {
    expect(firstWords(`a ${'x'.repeat(50)}`, 20)).toBe(`a ${'x'.repeat(17)}…`);
    expect(firstWords(`${'x'.repeat(18)}😀😀`, 20)).toBe(`${'x'.repeat(18)}…`);
  });

  it('drops bidirectional overrides, so a cut cannot leave one open', () => {
    expect(firstWords('\u202Eevil\u202C text')).toBe('evil text');
  });
});
