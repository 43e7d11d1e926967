import { describe, expect, it } from 'vitest';
import { axisTicks, axisWidth, tickLabel } from './axis-ticks';

describe('a monitoring chart’s value axis', () => {
  it('steps in round numbers up to just above the largest figure', () => {
    expect(axisTicks(0.26)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(axisTicks(0.91)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(axisTicks(1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(axisTicks(0.35)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(axisTicks(12)).toEqual([0, 2.5, 5, 7.5, 10, 12.5]);
    expect(axisTicks(0.000211476)).toEqual([0, 0.00005, 0.0001, 0.00015, 0.0002, 0.00025]);
  });

  it('never asks for more than six ticks, and copes with nothing to draw', () => {
    for (const largest of [0.0013, 0.07, 0.33, 3.7, 47, 1234, 98765]) expect(axisTicks(largest).length).toBeLessThanOrEqual(6);
    for (const largest of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(axisTicks(largest)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('is as wide as its longest label', () => {
    expect(tickLabel(0.00015)).toBe('0.00015');
    expect(axisWidth(axisTicks(0.000211476))).toBeGreaterThan(axisWidth(axisTicks(0.26)));
  });
});
