import { describe, expect, it } from 'vitest';
import { ZRaiseFindingForm } from './schemas';

const paths = (input: unknown) => (ZRaiseFindingForm.safeParse(input).error?.issues ?? []).map((issue) => issue.path.join('.'));

describe('the raise-a-finding form', () => {
  it('names a missing subject on the first submit, beside every other missing field', () => {
    expect(paths({ subjectType: 'system' })).toEqual(expect.arrayContaining(['title', 'description', 'subjectIds']));
    expect(paths({ subjectType: 'system', subjectIds: [] })).toContain('subjectIds');
  });

  it('takes the subject from the picker or from the prefilled id, and refuses two', () => {
    const rest = { subjectType: 'system', type: 'validation_issue', severity: 'medium', title: 'Drift', description: 'PSI 0.3 on income' };
    expect(ZRaiseFindingForm.parse({ ...rest, subjectIds: ['a1'] }).subjectId).toBe('a1');
    expect(ZRaiseFindingForm.parse({ ...rest, subjectId: 'b2' }).subjectId).toBe('b2');
    expect(paths({ ...rest, subjectIds: ['a1', 'b2'] })).toEqual(['subjectIds']);
  });
});
