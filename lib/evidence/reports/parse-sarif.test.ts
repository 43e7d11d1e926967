import { describe, expect, it } from 'vitest';
import { parseToolReport } from './parse-tool-report';
import { bytesOf, fixture, invalidOf, json, metric, values } from './report-test-helpers';

// Fixtures and their sources: fixtures/README.md (Trivy, trivy-action, Grype goldens; Semgrep snapshot).
describe('SARIF reports', () => {
  it('Trivy golden: four medium CVEs (rule security-severity 5.3), the same CVE in two packages kept apart', () => {
    const report = parseToolReport(fixture('trivy-alpine-310.sarif'));
    expect(report).toMatchObject({ format: 'sarif', kind: 'security_scan', tool: 'Trivy dev' });
    expect(values(report)).toMatchObject({ critical_vulnerabilities: 0, high_vulnerabilities: 0, medium_vulnerabilities: 4, vulnerabilities_total: 4, results_total: 4, suppressed_results: 0 });
    expect(report.issues).toEqual([]);
  });

  it("Trivy's level error for HIGH stays high: never critical from the level alone", () => {
    const report = parseToolReport(fixture('trivy-action-config.sarif'));
    expect(values(report)).toMatchObject({ critical_vulnerabilities: 0, high_vulnerabilities: 5, medium_vulnerabilities: 1, low_vulnerabilities: 2, results_total: 8, error_level_results: 0 });
    expect(report.issues.map((i) => i.severity)).toEqual(['high', 'high', 'high', 'high', 'high']);
    expect(new Set(report.issues.map((i) => i.key)).size).toBe(5);
  });

  it('Trivy 0.48 image scan: CRITICAL shares level error with HIGH; its 9.1 score makes it critical', () => {
    const report = parseToolReport(fixture('trivy-action-image-critical.sarif'));
    expect(report.tool).toBe('Trivy 0.48.0');
    expect(values(report)).toMatchObject({ critical_vulnerabilities: 1, high_vulnerabilities: 0, results_total: 1 });
    expect(report.issues).toEqual([expect.objectContaining({ severity: 'critical', suppressed: false })]);
    expect(report.issues[0]!.key).toMatch(/^sarif:Trivy:CVE-/);
  });

  it('Grype: a result at level note whose rule scores 8.2 is high (security-severity wins over level)', () => {
    const report = parseToolReport(fixture('grype-image.sarif'));
    expect(report.tool).toBe('grype 0.0.0-dev');
    expect(values(report)).toMatchObject({ high_vulnerabilities: 2, critical_vulnerabilities: 0, results_total: 2 });
    expect(report.issues[0]).toMatchObject({ severity: 'high', key: 'sarif:grype:CVE-1999-0001-package-1:user-input/somefile-1.txt:1:', suppressed: false });
  });

  it('Semgrep nosemgrep: the suppressed result is counted apart; the open one has unknown severity at level error', () => {
    const report = parseToolReport(fixture('semgrep-nosemgrep.sarif'));
    expect(values(report)).toMatchObject({ results_total: 1, suppressed_results: 1, unknown_severity_vulnerabilities: 1, error_level_results: 1, critical_vulnerabilities: 0, vulnerabilities_total: 1 });
    expect(report.issues.map((i) => [i.severity, i.suppressed])).toEqual([['unknown', false], ['unknown', true]]);
    expect(report.notes.join(' ')).toMatch(/does not tell critical from high/);
  });

  it('a rejected suppression does not hide a result; baselineState absent and kind pass are not counted', () => {
    const log = json('trivy-alpine-310.sarif') as { runs: { results: Record<string, unknown>[] }[] };
    const [a, b, c, d] = log.runs[0]!.results;
    Object.assign(a!, { suppressions: [{ kind: 'external', status: 'rejected' }] });
    Object.assign(b!, { suppressions: [{ kind: 'external', status: 'underReview' }] });
    Object.assign(c!, { baselineState: 'absent' });
    Object.assign(d!, { kind: 'pass', level: 'none' });
    const report = parseToolReport(bytesOf(log));
    expect(values(report)).toMatchObject({ results_total: 1, suppressed_results: 1, medium_vulnerabilities: 1 });
  });

  it('a result-level security-severity overrides its rule and crosses into critical at 9.0', () => {
    const log = json('trivy-alpine-310.sarif') as { runs: { results: Record<string, unknown>[] }[] };
    log.runs[0]!.results[0]!.properties = { 'security-severity': '9.0' };
    log.runs[0]!.results[1]!.properties = { 'security-severity': 8.9 };
    const report = parseToolReport(bytesOf(log));
    expect(values(report)).toMatchObject({ critical_vulnerabilities: 1, high_vulnerabilities: 1, medium_vulnerabilities: 2 });
    expect(metric(report, 'critical_vulnerabilities')).toMatchObject({ unit: null, lowerBound: null, upperBound: null });
  });

  it.each([
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['exponent', '1e1'],
    ['over 10', '10.5'],
    ['negative', -1],
    ['hex', '0x9'],
  ])('refuses a security-severity that is not a score (%s)', (_label, score) => {
    const log = json('grype-image.sarif') as { runs: { tool: { driver: { rules: { properties: Record<string, unknown> }[] } } }[] };
    log.runs[0]!.tool.driver.rules[0]!.properties['security-severity'] = score;
    const error = invalidOf(() => parseToolReport(bytesOf(log)));
    expect(error.issues?.[0]).toMatchObject({ path: 'file' });
    expect(error.message).toMatch(/runs\.0\.tool\.driver\.rules\.0\.properties\.security-severity/);
  });

  it('refuses other SARIF versions, a missing runs list, a bad level and a non-object result', () => {
    expect(invalidOf(() => parseToolReport(bytesOf({ version: '2.0.0', runs: [] }), 'sarif')).message).toMatch(/2\.1\.0/);
    expect(invalidOf(() => parseToolReport(bytesOf({ version: '2.1.0' }), 'sarif')).message).toMatch(/runs/);
    const run = { tool: { driver: { name: 'x' } }, results: [{ ruleId: 'r', level: 'fatal' }] };
    expect(invalidOf(() => parseToolReport(bytesOf({ version: '2.1.0', runs: [run] }))).message).toMatch(/level/);
    expect(invalidOf(() => parseToolReport(bytesOf({ version: '2.1.0', runs: [{ ...run, results: [7] }] }))).message).toMatch(/runs\.0\.results\.0/);
  });

  it("CodeQL action's valid SARIF: two runs, rule default levels of note, no security-severity: 3 of unknown severity", () => {
    const report = parseToolReport(fixture('codeql-action-valid.sarif'));
    expect(report.tool).toBe('LGTM.com 1.24.0-SNAPSHOT, CodeQL command-line toolchain 2.0.0');
    expect(values(report)).toMatchObject({ results_total: 3, note_level_results: 3, unknown_severity_vulnerabilities: 3, critical_vulnerabilities: 0 });
    expect(report.issues).toEqual([]);
  });

  it("CodeQL action's tool-names SARIF: runs without results or a driver name are read, not refused", () => {
    const report = parseToolReport(fixture('codeql-action-tool-names.sarif'));
    expect(report.tool).toBe('CodeQL command-line toolchain, ESLint, unnamed tool');
    expect(values(report)).toMatchObject({ results_total: 0, vulnerabilities_total: 0 });
  });

  it('reads every run and names every tool', () => {
    const trivy = json('trivy-alpine-310.sarif') as { runs: unknown[] };
    const grype = json('grype-image.sarif') as { runs: unknown[] };
    const report = parseToolReport(bytesOf({ version: '2.1.0', runs: [...trivy.runs, ...grype.runs] }));
    expect(report.tool).toBe('Trivy dev, grype 0.0.0-dev');
    expect(values(report)).toMatchObject({ medium_vulnerabilities: 4, high_vulnerabilities: 2, results_total: 6 });
  });
});
