import { describe, expect, it } from 'vitest';
import { ZRequestEvidencePackInput } from './schemas';

const issuesOf = (input: Record<string, unknown>) => ZRequestEvidencePackInput.safeParse({ scopeType: 'inventory', ...input }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('an evidence pack period', () => {
  it('refuses a date not written YYYY-MM-DD with the format message alone', () => {
    expect(issuesOf({ periodFrom: '2026-01-01', periodTo: '01/12/2026' })).toEqual(['periodTo: Use a date as YYYY-MM-DD.']);
    expect(issuesOf({ periodFrom: '2026-13-45', periodTo: '2026-01-01' })).toEqual(['periodFrom: 2026-13-45 is not a day of the calendar: check the month (01 to 12) and the day.']);
    expect(issuesOf({ periodFrom: '2026-02-29', periodTo: '2026-03-01' })).toEqual(['periodFrom: 2026-02-29 is not a day of the calendar: check the month (01 to 12) and the day.']);
  });

  it('refuses a period that ends before it starts, and takes an open or a one-day period', () => {
    expect(issuesOf({ periodFrom: '2026-02-01', periodTo: '2026-01-31' })).toEqual(['periodTo: The period must end on or after its start.']);
    expect(issuesOf({ periodFrom: '2026-02-01', periodTo: '2026-02-01' })).toEqual([]);
    expect(issuesOf({ periodFrom: '', periodTo: '2026-02-01' })).toEqual([]);
  });
});
