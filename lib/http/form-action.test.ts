import { describe, expect, it } from 'vitest';
import { ZCreateApiTokenInput } from '@/lib/auth/create-api-token';
import { Conflict, Invalid } from '@/lib/errors';
import { ZCreateSystemInput } from '@/lib/inventory/schemas';
import { toActionFailure } from './form-action';
import { parseInput } from './to-domain-error';

const failureOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return toActionFailure(error);
  }
  throw new Error('expected a failure');
};

describe('toActionFailure', () => {
  it('puts each field’s plain message under its path and counts the fields in the message', () => {
    const failure = failureOf(() => parseInput(ZCreateApiTokenInput, { name: '', scopes: ['read'], expiresInDays: 0 }));
    expect(failure).toEqual({
      ok: false,
      code: 'invalid',
      message: '2 fields to correct.',
      fieldErrors: { name: 'Required.', expiresInDays: 'Enter a number of 1 or more.' },
    });
  });

  it('shows an issue about the whole form as the message, since no field can show it', () => {
    const failure = failureOf(() => {
      throw new Invalid('1 field to correct.', [{ path: '', message: 'Choose a dataset or a model version.' }]);
    });
    expect(failure).toMatchObject({ message: 'Choose a dataset or a model version.', fieldErrors: {} });
  });

  it('passes a typed error’s own message and never zod’s wording for a date', () => {
    expect(failureOf(() => { throw new Conflict('A request is already open for this version.'); })).toEqual({
      ok: false, code: 'conflict', message: 'A request is already open for this version.', fieldErrors: {},
    });
    const failure = failureOf(() => parseInput(ZCreateSystemInput, { name: 'x', purpose: 'y', riskTier: 'minimal', nextReviewDate: '2026-13-01' }));
    expect(failure.fieldErrors).toEqual({ nextReviewDate: '2026-13-01 is not a day of the calendar: check the month (01 to 12) and the day.' });
    expect(failureOf(() => parseInput(ZCreateSystemInput, { name: 'x', purpose: 'y', riskTier: 'minimal', nextReviewDate: '01/12/2026' })).fieldErrors).toEqual({ nextReviewDate: 'Use a date as YYYY-MM-DD.' });
  });
});
