/** Test support: fixture bytes, a metric by name, and the Invalid a malformed report must raise. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { DomainError, Invalid } from '@/lib/errors';
import type { ParsedReport } from './report-types';

export const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name));
export const bytesOf = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
export const json = (name: string) => JSON.parse(fixture(name).toString('utf8')) as Record<string, unknown>;

export function metric(report: ParsedReport, name: string) {
  const found = report.metrics.find((m) => m.name === name);
  if (!found) throw new Error(`No metric ${name} in ${report.metrics.map((m) => m.name).join(', ')}`);
  return found;
}

export const values = (report: ParsedReport) => Object.fromEntries(report.metrics.map((m) => [m.name, m.value]));

/** Runs `parse` and returns the Invalid it throws (failing the test if it throws anything else, or nothing). */
export function invalidOf(parse: () => unknown): Invalid {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(Invalid);
    expect((error as DomainError).issues?.length).toBeGreaterThan(0);
    return error as Invalid;
  }
  throw new Error('Expected the report to be refused, but it parsed.');
}
