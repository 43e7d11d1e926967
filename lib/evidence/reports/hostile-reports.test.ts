import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError, Invalid } from '@/lib/errors';
import { HOSTILE_RAW_BODIES, HOSTILE_VALUES, pick, seededRng, type Rng } from '@/lib/http/fuzz-inputs';
import { REPORT_FORMATS } from '@/db/schema/evidence';
import { detectReportFormat } from './detect-report-format';
import { parseToolReport } from './parse-tool-report';
import { bytesOf, fixture, invalidOf, json } from './report-test-helpers';
import type { ParsedReport, ReportFormat } from './report-types';

const FIXTURES = readdirSync(path.join(__dirname, 'fixtures')).filter((name) => !name.endsWith('.md'));

/** Either a report whose numbers are finite and whose text is well-formed, or Invalid: never a TypeError. */
function parsesOrRefuses(bytes: Buffer, format?: ReportFormat): ParsedReport | null {
  try {
    const report = parseToolReport(bytes, format);
    for (const metric of report.metrics) {
      for (const n of [metric.value, metric.lowerBound ?? 0, metric.upperBound ?? 0]) expect(Number.isFinite(n)).toBe(true);
    }
    expect(JSON.stringify(report).isWellFormed()).toBe(true);
    return report;
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    expect((error as DomainError).issues?.[0]?.path).toMatch(/^(file|format)$/);
    return null;
  }
}

/** Walks to a random node of the document and replaces it with a hostile value. */
function mutateDeep(document: unknown, rng: Rng): unknown {
  const copy = structuredClone(document);
  let node = copy as Record<string, unknown>;
  for (let depth = 0; depth < 12; depth++) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = pick(rng, keys);
    const child = node[key];
    if (typeof child !== 'object' || child === null || rng() < 0.2) {
      node[key] = pick(rng, HOSTILE_VALUES);
      return copy;
    }
    node = child as Record<string, unknown>;
  }
  return copy;
}

describe('hostile report bytes', () => {
  it.each(FIXTURES)('%s: truncated, byte-flipped and structurally mutated copies parse or are refused', (name) => {
    const rng = seededRng(name.length * 7919);
    const bytes = fixture(name);
    const format = name.endsWith('.jsonl') ? undefined : (detectReportFormat(bytes) ?? undefined);
    for (let i = 0; i < 40; i++) parsesOrRefuses(bytes.subarray(0, Math.floor(rng() * bytes.length)), format);
    for (let i = 0; i < 40; i++) {
      const flipped = Buffer.from(bytes);
      flipped[Math.floor(rng() * flipped.length)] = Math.floor(rng() * 256);
      parsesOrRefuses(flipped, format);
    }
    if (name.endsWith('.jsonl')) {
      const lines = bytes.toString('utf8').trimEnd().split('\n');
      for (let i = 0; i < 80; i++) {
        const at = Math.floor(rng() * lines.length);
        const mutated = lines.map((line, index) => (index === at ? JSON.stringify(mutateDeep(JSON.parse(line), rng)) : line));
        parsesOrRefuses(Buffer.from(mutated.join('\n')), 'garak');
      }
      return;
    }
    const document = json(name);
    for (let i = 0; i < 80; i++) parsesOrRefuses(bytesOf(mutateDeep(document, rng)), format);
  });

  it('refuses bytes that are not UTF-8 text, an empty file, and JSON that is no report', () => {
    for (const body of HOSTILE_RAW_BODIES) invalidOf(() => parseToolReport(Buffer.from(body)));
    expect(invalidOf(() => parseToolReport(Buffer.from([0x7b, 0xc0, 0xaf, 0x7d]))).message).toMatch(/not UTF-8/);
    expect(invalidOf(() => parseToolReport(Buffer.from('  \n'))).message).toMatch(/empty/);
    expect(invalidOf(() => parseToolReport(bytesOf({ hello: 'world' }))).issues).toEqual([expect.objectContaining({ path: 'format' })]);
  });

  it('refuses a format that is not one of the known ones, naming them', () => {
    const error = invalidOf(() => parseToolReport(fixture('grype-image.sarif'), 'nessus' as ReportFormat));
    expect(error.issues).toEqual([{ path: 'format', message: `Use one of ${REPORT_FORMATS.join(', ')}.` }]);
  });

  it('refuses a report read as the wrong format, with the reason', () => {
    expect(invalidOf(() => parseToolReport(fixture('grype-image.sarif'), 'cyclonedx')).message).toMatch(/bomFormat/);
    expect(invalidOf(() => parseToolReport(fixture('promptfoo-sample-export.json'), 'garak')).message).toMatch(/not valid JSON.*at line 1\)/);
  });

  it('refuses lone surrogates, NUL, __proto__ keys (escaped or not) and absurd nesting, with the path', () => {
    const sarif = json('grype-image.sarif') as { runs: { results: { message: { text: string } }[] }[] };
    const withText = (text: string) => {
      const copy = structuredClone(sarif);
      copy.runs[0]!.results[0]!.message.text = text;
      return bytesOf(copy);
    };
    expect(invalidOf(() => parseToolReport(withText('a\ud800b'))).message).toMatch(/surrogate.*runs\.0\.results\.0\.message\.text/);
    expect(invalidOf(() => parseToolReport(withText('nul\u0000'))).message).toMatch(/NUL/);
    // A bidirectional override in a tool's text (garak's badchars probe provokes them) refuses nothing: what is kept of
    // the text loses it, so no cut of it and no sentence it is set in reads reversed.
    const cases: [string, string][] = [['CVE-2024-1\u202e high', 'CVE-2024-1 high'], ['a closed \u202eoverride\u202c'.padEnd(400, '.'), 'a closed override...']];
    for (const [text, shown] of cases) {
      const kept = parseToolReport(withText(text)).issues.map((i) => i.detail).join(' ');
      expect(kept).toContain(shown);
      expect(kept).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    }
    // Escaped surrogate pairs and control characters are fine: the careful walk must not refuse them.
    const escaped = fixture('grype-image.sarif').toString('utf8').replace('"A low vulnerability', '"\\ud83d\\ude00 \\u001b[31mA low vulnerability');
    expect(parseToolReport(Buffer.from(escaped)).issues[0]!.detail).toContain('\u{1F600} \u001b[31mA low vulnerability');
    const text = fixture('grype-image.sarif').toString('utf8');
    expect(invalidOf(() => parseToolReport(Buffer.from(text.replace('"version": "2.1.0"', '"version": "2.1.0", "\\u005f_proto__": {"polluted": true}')))).message).toMatch(/__proto__/);
    expect(invalidOf(() => parseToolReport(Buffer.from(text.replace('"version": "2.1.0"', `"version": "2.1.0", "x": ${'['.repeat(70)}${']'.repeat(70)}`)))).message).toMatch(/deeper than 64/);
    expect(invalidOf(() => parseToolReport(Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)))).message).toMatch(/deeper than 64/);
    // A number past a double's range parses as Infinity, which nothing downstream can store or sign.
    const overflow = text.replace('"version": "2.1.0"', '"version": "2.1.0", "x": {"score": 1E+400}');
    expect(invalidOf(() => parseToolReport(Buffer.from(overflow))).message).toMatch(/too large to hold.*x\.score/);
    expect(parseToolReport(Buffer.from(text.replace('"version": "2.1.0"', '"version": "2.1.0", "x": [1e100, 1e-400]'))).issues.length).toBeGreaterThan(0);
  });

  it('refuses more results than the bound, and a JSON Lines line over the bound', () => {
    const results = Array.from({ length: 500_001 }, () => ({ ruleId: 'r' }));
    expect(invalidOf(() => parseToolReport(bytesOf({ version: '2.1.0', runs: [{ tool: { driver: { name: 't' } }, results }] }))).message).toMatch(/more than 500,000/);
    const head = fixture('garak-0.14-with-ci.report.jsonl').toString('utf8');
    const long = `{"entry_type": "attempt", "pad": "${'x'.repeat(8 * 1024 * 1024)}"}`;
    expect(invalidOf(() => parseToolReport(Buffer.from(`${head}${long}\n`))).message).toMatch(/longer than/);
  });

  it('parses a 20 MB SARIF scan within a few times a bare JSON.parse of it', () => {
    const log = json('trivy-alpine-310.sarif') as { runs: { results: Record<string, unknown>[] }[] };
    const template = log.runs[0]!.results[0]!;
    log.runs[0]!.results = Array.from({ length: 35_000 }, (_, i) => ({ ...template, ruleId: `CVE-2019-${i}`, properties: { 'security-severity': String((i % 100) / 10) } }));
    const bytes = bytesOf(log);
    expect(bytes.length).toBeGreaterThan(20 * 1024 * 1024);
    const time = (run: () => unknown) => {
      const start = performance.now();
      run();
      return performance.now() - start;
    };
    const bare = Math.min(time(() => JSON.parse(bytes.toString('utf8'))), time(() => JSON.parse(bytes.toString('utf8'))));
    let report: ParsedReport | undefined;
    const ours = Math.min(time(() => (report = parseToolReport(bytes))), time(() => parseToolReport(bytes)));
    expect(report!.issues).toHaveLength(500);
    expect(report!.notes.join(' ')).toMatch(/more issues were left out/);
    expect(ours).toBeLessThan(Math.max(5 * bare, 1_000));
  });
});
