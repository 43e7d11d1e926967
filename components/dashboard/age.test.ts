import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Age, daysFrom } from './age';

const NOW = new Date('2026-12-07T22:00:00.000Z');

describe('a relative date', () => {
  it('reads as a day after a verb: today, yesterday, days ago, or ahead', () => {
    expect(daysFrom('2026-12-07T01:00:00.000Z', NOW)).toBe('today');
    expect(daysFrom('2026-12-06', NOW)).toBe('yesterday');
    expect(daysFrom('2026-12-01T09:00:00.000Z', NOW)).toBe('6 days ago');
    expect(daysFrom('2026-12-08', NOW)).toBe('tomorrow');
    expect(daysFrom('2026-12-10', NOW)).toBe('in 3 days');
  });

  it('reads as a wait, counted in whole UTC days: new today, then waiting 1 day, waiting 6 days', () => {
    expect(daysFrom('2026-12-07T00:00:00.000Z', NOW, { waiting: true })).toBe('new today');
    expect(daysFrom('2026-12-06T23:59:00.000Z', NOW, { waiting: true })).toBe('waiting 1 day');
    expect(daysFrom('2026-12-01T09:00:00.000Z', NOW, { waiting: true })).toBe('waiting 6 days');
    // A start ahead of the clock's day (a clock a little behind the record's) has not waited yet.
    expect(daysFrom('2026-12-08T00:00:10.000Z', NOW, { waiting: true })).toBe('new today');
  });

  it('keeps its exact UTC time at hand, after a prefix or as a wait', () => {
    const opened = renderToStaticMarkup(createElement(Age, { iso: '2026-12-04T10:30:00.000Z', now: NOW, prefix: 'opened' }));
    expect(opened).toBe('<time dateTime="2026-12-04T10:30:00.000Z" title="2026-12-04 10:30 UTC">opened 3 days ago</time>');
    const waiting = renderToStaticMarkup(createElement(Age, { iso: '2026-12-01T09:00:00.000Z', now: NOW, waiting: true }));
    expect(waiting).toContain('>waiting 6 days</time>');
    expect(waiting).not.toContain('since');
  });
});
