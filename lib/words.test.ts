import { describe, expect, it } from 'vitest';
import { humanize, plural } from './words';

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
