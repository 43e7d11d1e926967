import { describe, expect, it } from 'vitest';
import { formatMetricValue, formatMonitoringValue } from './metric-value';

describe('formatMetricValue', () => {
  it('prints what was measured, not float noise, with the unit the source gave', () => {
    expect(formatMetricValue(0.8130000000000001)).toBe('0.813');
    expect(formatMetricValue(0.1 + 0.2)).toBe('0.3');
    expect(formatMetricValue(25.59, '%')).toBe('25.59%');
    expect(formatMetricValue(1234567.891)).toBe('1234570');
    expect(formatMetricValue(-0.000012345678)).toBe('-0.0000123457');
    expect(formatMetricValue(3, null)).toBe('3');
  });
});

describe('formatMonitoringValue', () => {
  it('gives a monitoring figure four significant digits, wherever a page shows it (the chart and the review snapshot)', () => {
    expect(formatMonitoringValue(0.35416)).toBe('0.3542');
    expect(formatMonitoringValue(0.000211476)).toBe('0.0002115');
    expect(formatMonitoringValue(null)).toBe('—');
  });
});
