import { describe, expect, it } from 'vitest';
import { latestChangeIn, liveCardClock } from './card-clock';

const NOW = new Date('2026-12-02T09:41:07.250Z');

describe('the clock of a card', () => {
  it('takes the latest date-time of the record, never a bare date or a time after now', () => {
    const record = { at: '2026-12-01T10:00:00.000Z', nested: [{ signedAt: '2026-12-02T09:30:00.000Z' }], due: '2026-12-03', expiresAt: '2026-12-05T00:00:00.000Z', note: 'not a date' };
    expect(latestChangeIn([record, null], NOW)?.toISOString()).toBe('2026-12-02T09:30:00.000Z');
    expect(latestChangeIn([{ due: '2026-12-01' }], NOW)).toBeNull();
  });

  it('is the start of the hour unless the record changed since', () => {
    expect(liveCardClock(null, NOW).toISOString()).toBe('2026-12-02T09:00:00.000Z');
    expect(liveCardClock(new Date('2026-12-02T08:59:59.000Z'), NOW).toISOString()).toBe('2026-12-02T09:00:00.000Z');
    expect(liveCardClock(new Date('2026-12-02T09:30:00.000Z'), NOW).toISOString()).toBe('2026-12-02T09:30:00.000Z');
  });
});
