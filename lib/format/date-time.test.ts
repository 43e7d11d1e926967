import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './date-time';

describe('ISO dates and times', () => {
  it('shows a stored timestamp as date, and as minute or second in UTC', () => {
    expect(formatDate('2026-12-02T01:48:10.123Z')).toBe('2026-12-02');
    expect(formatDateTime('2026-12-02T01:48:10.123Z')).toBe('2026-12-02 01:48 UTC');
    expect(formatDateTime('2026-12-02T01:48:10.123Z', { seconds: true })).toBe('2026-12-02 01:48:10 UTC');
    expect(formatDateTime(new Date(Date.UTC(2026, 0, 5, 7, 3)))).toBe('2026-01-05 07:03 UTC');
  });

  it('keeps a plain date a date, and shows a dash for nothing', () => {
    expect(formatDateTime('2026-12-02')).toBe('2026-12-02');
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
  });

  it('shows text that is not an ISO UTC timestamp as it came rather than inventing a date', () => {
    expect(formatDateTime('2026-12-02T01:48:10+02:00')).toBe('2026-12-02T01:48:10+02:00');
    expect(formatDate('yesterday')).toBe('yesterday');
  });
});
