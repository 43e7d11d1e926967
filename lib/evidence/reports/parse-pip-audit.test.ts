import { describe, expect, it } from 'vitest';
import { parseToolReport } from './parse-tool-report';
import { bytesOf, fixture, invalidOf, json, values } from './report-test-helpers';

// Fixtures: pip-audit's README example (older bare array) and test/format/test_json.py (current shape); see fixtures/README.md.
describe('pip-audit reports', () => {
  it('README example: 2 vulnerabilities in flask, both fixable; 6 audited dependencies', () => {
    const report = parseToolReport(fixture('pip-audit-readme-array.json'));
    expect(report).toMatchObject({ format: 'pip-audit', kind: 'security_scan', tool: 'pip-audit' });
    expect(values(report)).toEqual({ vulnerabilities_total: 2, unknown_severity_vulnerabilities: 2, vulnerable_packages: 1, fixable_vulnerabilities: 2, skipped_dependencies: 0 });
    expect(report.summary).toBe('2 known vulnerabilities in 1 package of 6 audited dependencies; 2 with a fixed version available.');
  });

  it('current shape: VULN-2 has no fixed version; issues keyed by advisory id and package', () => {
    const report = parseToolReport(fixture('pip-audit-fix.json'));
    expect(values(report)).toMatchObject({ vulnerabilities_total: 3, vulnerable_packages: 2, fixable_vulnerabilities: 2 });
    expect(report.issues.map((i) => i.key)).toEqual(['pip-audit:VULN-0:foo', 'pip-audit:VULN-1:foo', 'pip-audit:VULN-2:bar']);
    expect(report.issues.find((i) => i.key.endsWith(':bar'))?.detail).toMatch(/No fixed version is known/);
  });

  it('says it has no severity and derives no critical or high count a policy could mistake for zero', () => {
    const report = parseToolReport(fixture('pip-audit-fix.json'));
    expect(report.notes[0]).toMatch(/no severity/);
    expect(report.metrics.map((m) => m.name)).not.toContain('critical_vulnerabilities');
    expect(report.metrics.map((m) => m.name)).not.toContain('high_vulnerabilities');
    expect(report.issues.every((i) => i.severity === 'unknown')).toBe(true);
  });

  it('a skipped dependency is counted and noted, not audited', () => {
    const report = parseToolReport(fixture('pip-audit-skipped-dep.json'));
    expect(values(report)).toMatchObject({ skipped_dependencies: 1, vulnerabilities_total: 1 });
    expect(report.notes[1]).toBe('1 dependency was skipped by pip-audit (not audited).');
  });

  it('refuses a report that audited no dependency: none listed, or every one skipped', () => {
    const error = invalidOf(() => parseToolReport(bytesOf({ dependencies: [], fixes: [] })));
    expect(error.message).toMatch(/no completed analysis: the pip-audit report lists no dependency/);
    expect(error.issues).toEqual([expect.objectContaining({ path: 'file' })]);
    const skipped = { dependencies: [{ name: 'torch', skip_reason: 'Dependency not found on PyPI' }], fixes: [] };
    expect(invalidOf(() => parseToolReport(bytesOf(skipped))).message).toMatch(/skipped every dependency/);
  });

  it('refuses wrong types with the path', () => {
    const doc = json('pip-audit-fix.json') as { dependencies: Record<string, unknown>[] };
    doc.dependencies[0]!.vulns = 'many';
    expect(invalidOf(() => parseToolReport(bytesOf(doc), 'pip-audit')).message).toMatch(/dependencies\.0\.vulns/);
    expect(invalidOf(() => parseToolReport(bytesOf({ dependencies: [{ name: 'x', vulns: [{ id: 5 }] }] }), 'pip-audit')).message).toMatch(/vulns\.0\.id/);
    expect(invalidOf(() => parseToolReport(bytesOf({ dependencies: [{ name: 'x', vulns: [{ id: 'A', fix_versions: [1] }] }] }), 'pip-audit')).message).toMatch(/fix_versions\.0/);
    expect(invalidOf(() => parseToolReport(bytesOf({ deps: [] }), 'pip-audit')).message).toMatch(/dependencies/);
  });
});
