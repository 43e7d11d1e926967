import { describe, expect, it } from 'vitest';
import { wrongPasswordMessage } from '@/lib/auth/wrong-password';
import { summaryHeading } from './error-summary';

describe('summaryHeading', () => {
  it('says a wrong password once: the field says it, the heading only what it means for the act', () => {
    expect(summaryHeading(wrongPasswordMessage('signed'), true)).toBe('Nothing was signed.');
    expect(summaryHeading(wrongPasswordMessage('confirmed'), true)).toBe('Nothing was confirmed.');
  });

  it('keeps the whole refusal when no field shows the error', () => {
    expect(summaryHeading(wrongPasswordMessage('signed'), false)).toBe(wrongPasswordMessage('signed'));
  });

  it('leaves every other message as it is', () => {
    expect(summaryHeading('2 fields to correct.', true)).toBe('2 fields to correct.');
    expect(summaryHeading('Signing is locked after repeated wrong passwords. Try again in 5 minutes.', false)).toBe('Signing is locked after repeated wrong passwords. Try again in 5 minutes.');
  });
});
