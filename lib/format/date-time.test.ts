import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './date-time';

describe('formatDate and formatDateTime', () => {
  it('write stored times as ISO dates and UTC minutes', () => {
    expect(formatDate('2026-03-04T23:59:59.999Z')).toBe('2026-03-04');
    expect(formatDateTime('2026-03-04T05:06:07.890Z')).toBe('2026-03-04 05:06 UTC');
    expect(formatDateTime('2026-03-04T05:06:07.890Z', { seconds: true })).toBe('2026-03-04 05:06:07 UTC');
    expect(formatDate('2026-12-31')).toBe('2026-12-31');
  });

  it('turn a time with an offset into its UTC day and time', () => {
    expect(formatDate('2026-03-04T23:30:00-02:00')).toBe('2026-03-05');
    expect(formatDateTime('2026-03-04T23:30:00+01:00')).toBe('2026-03-04 22:30 UTC');
  });

  it('show a dash for no date and leave text that is not a date as it is', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDate('')).toBe('—');
    expect(formatDate('not a date')).toBe('not a date');
  });
});
