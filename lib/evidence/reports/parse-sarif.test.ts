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

  it('a rejected or under-review suppression does not hide a result; baselineState absent and kind pass are not counted', () => {
    const log = json('trivy-alpine-310.sarif') as { runs: { results: Record<string, unknown>[] }[] };
    const [a, b, c, d] = log.runs[0]!.results;
    Object.assign(a!, { suppressions: [{ kind: 'external', status: 'rejected' }] });
    Object.assign(b!, { suppressions: [{ kind: 'external', status: 'underReview' }] });
    Object.assign(c!, { baselineState: 'absent' });
    Object.assign(d!, { kind: 'pass', level: 'none' });
    const report = parseToolReport(bytesOf(log));
    expect(values(report)).toMatchObject({ results_total: 2, suppressed_results: 0, medium_vulnerabilities: 2 });
  });

  // SARIF 2.1.0 §3.35.3 and microsoft/sarif-tutorials "Determining suppression status": suppressed only when at least
  // one suppression exists and none is underReview or rejected; a suppression without a status is accepted.
  it.each([
    [[{ status: 'underReview' }], false],
    [[{ status: 'accepted' }, { status: 'rejected' }], false],
    [[{ kind: 'inSource' }, { status: 'underReview' }], false],
    [[], false],
    [[{ kind: 'inSource' }], true],
    [[{ status: 'accepted' }, { kind: 'external' }], true],
  ])('suppressions %j hide the critical CVE: %s', (suppressions, hidden) => {
    const log = json('trivy-action-image-critical.sarif') as { runs: { results: Record<string, unknown>[] }[] };
    log.runs[0]!.results[0]!.suppressions = suppressions;
    const report = parseToolReport(bytesOf(log));
    expect(values(report)).toMatchObject({ critical_vulnerabilities: hidden ? 0 : 1, suppressed_results: hidden ? 1 : 0 });
    expect(report.issues[0]!.suppressed).toBe(hidden);
  });

  it('refuses a suppression status SARIF does not define', () => {
    const log = json('trivy-action-image-critical.sarif') as { runs: { results: Record<string, unknown>[] }[] };
    log.runs[0]!.results[0]!.suppressions = [{ status: 'Rejected' }];
    expect(invalidOf(() => parseToolReport(bytesOf(log))).message).toMatch(/runs\.0\.results\.0\.suppressions\.0\.status/);
  });

  it('a Trivy finding is titled with the package and installed version its message gives; a message without them is not parsed', () => {
    expect(parseToolReport(fixture('trivy-action-image-critical.sarif')).issues[0]!.title).toBe('CVE-2021-36159 in apk-tools 2.10.6-r0');
    const log = json('trivy-action-image-critical.sarif') as { runs: { results: { message: { text: string } }[] }[] };
    log.runs[0]!.results[0]!.message.text = 'Package: apk-tools\nVulnerability CVE-2021-36159';
    expect(parseToolReport(bytesOf(log)).issues[0]!.title).toBe('CVE-2021-36159');
    expect(parseToolReport(fixture('grype-image.sarif')).issues[0]!.title).toBe('CVE-1999-0001-package-1: CVE-1999-0001 low vulnerability for package-1 package');
  });

  it('refuses a log that scanned nothing: no run, a run without results, a failed invocation; an empty results list is a clean scan', () => {
    const run = { tool: { driver: { name: 'Trivy' } } };
    const log = (...runs: unknown[]) => bytesOf({ version: '2.1.0', runs });
    expect(invalidOf(() => parseToolReport(log())).message).toMatch(/no completed analysis: the SARIF log has no run/);
    expect(invalidOf(() => parseToolReport(log(run))).message).toMatch(/runs\.0 has no `results`/);
    expect(invalidOf(() => parseToolReport(log({ ...run, results: null }))).message).toMatch(/runs\.0 has no `results`/);
    expect(invalidOf(() => parseToolReport(log({ ...run, results: [] }, run))).message).toMatch(/runs\.1 has no `results`/);
    const failed = { ...run, results: [], invocations: [{ executionSuccessful: true }, { executionSuccessful: false }] };
    const error = invalidOf(() => parseToolReport(log(failed)));
    expect(error.message).toMatch(/run failed \(runs\.0\.invocations\.1\.executionSuccessful is false\)/);
    expect(error.issues).toEqual([expect.objectContaining({ path: 'file' })]);
    const clean = parseToolReport(log({ ...run, results: [], invocations: [{ executionSuccessful: true }] }));
    expect(values(clean)).toMatchObject({ critical_vulnerabilities: 0, results_total: 0 });
  });

  it('names its subject only by the one analysisTarget artifact of a run (source files are not the subject)', () => {
    const sha = 'AB'.repeat(32);
    const target = (hash: string) => ({ location: { uri: 'model.safetensors' }, roles: ['analysisTarget'], hashes: { 'sha-256': hash } });
    const source = { location: { uri: 'src/a.py' }, hashes: { 'sha-256': 'c'.repeat(64) } };
    const log = (artifacts: unknown[]) => bytesOf({ version: '2.1.0', runs: [{ tool: { driver: { name: 's' } }, results: [], artifacts }] });
    expect(parseToolReport(log([source, target(sha)])).subjectSha256).toEqual(['ab'.repeat(32)]);
    expect(parseToolReport(log([source])).subjectSha256).toEqual([]);
    expect(parseToolReport(log([target(sha), target('d'.repeat(64))])).subjectSha256).toEqual([]);
    expect(parseToolReport(fixture('codeql-action-valid.sarif')).subjectSha256).toEqual([]);
    expect(invalidOf(() => parseToolReport(log([target('abc')]))).message).toMatch(/artifacts\.0\.hashes\.sha-256/);
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

  it("CodeQL action's tool-names SARIF: a driver without a name is read, but runs without results are no scan", () => {
    expect(invalidOf(() => parseToolReport(fixture('codeql-action-tool-names.sarif'))).message).toMatch(/runs\.0 has no `results`/);
    const log = json('codeql-action-tool-names.sarif') as { runs: Record<string, unknown>[] };
    for (const run of log.runs) run.results = [];
    const report = parseToolReport(bytesOf(log));
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
