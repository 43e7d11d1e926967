import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseToolReport } from './parse-tool-report';
import { bytesOf, fixture, invalidOf, json, values } from './report-test-helpers';

// Fixtures: CycloneDX specification test resources and CycloneDX/bom-examples VEX cases; see fixtures/README.md.
describe('CycloneDX BOM/VEX reports', () => {
  it('CISA case 3: 10 open (2 critical, 2 high, 6 medium), 6 not affected and 3 resolved counted apart', () => {
    const report = parseToolReport(fixture('cyclonedx-cisa-case3-vex.json'));
    expect(report).toMatchObject({ format: 'cyclonedx', kind: 'security_scan', tool: 'CycloneDX 1.4' });
    expect(values(report)).toEqual({
      critical_vulnerabilities: 2,
      high_vulnerabilities: 2,
      medium_vulnerabilities: 6,
      low_vulnerabilities: 0,
      unknown_severity_vulnerabilities: 0,
      vulnerabilities_total: 10,
      not_affected_vulnerabilities: 6,
      resolved_vulnerabilities: 3,
    });
    expect(report.issues.map((i) => i.key)).toEqual(['cyclonedx:CVE-2020-11896:product-GHI', 'cyclonedx:CVE-2020-11898:product-GHI', 'cyclonedx:CVE-2020-11900:product-GHI', 'cyclonedx:CVE-2020-11904:product-GHI']);
  });

  it('spec 1.6 example: a critical vulnerability analysed not_affected is not open, and its issue is marked suppressed', () => {
    const report = parseToolReport(fixture('cyclonedx-valid-vulnerability-1.6.json'));
    expect(values(report)).toMatchObject({ critical_vulnerabilities: 0, vulnerabilities_total: 0, not_affected_vulnerabilities: 1 });
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ severity: 'critical', suppressed: true });
  });

  it('the worst rating of the preferred method counts: NVD 7.5 and Snyk 8.2 high beat a vendor 0.0', () => {
    const doc = json('cyclonedx-vex-multi-rating.json') as { vulnerabilities: Record<string, unknown>[] };
    delete doc.vulnerabilities[0]!.analysis;
    expect(values(parseToolReport(bytesOf(doc)))).toMatchObject({ high_vulnerabilities: 1, vulnerabilities_total: 1 });
    doc.vulnerabilities[0]!.ratings = [
      { method: 'CVSSv2', severity: 'critical', score: 10 },
      { method: 'CVSSv4', severity: 'medium', score: 5.1 },
    ];
    expect(values(parseToolReport(bytesOf(doc)))).toMatchObject({ medium_vulnerabilities: 1, critical_vulnerabilities: 0 });
    doc.vulnerabilities[0]!.ratings = [{ method: 'CVSSv31', score: 9.1 }];
    expect(values(parseToolReport(bytesOf(doc)))).toMatchObject({ critical_vulnerabilities: 1 });
  });

  it('an exploitable vulnerability without ratings is of unknown severity, never a silent zero', () => {
    const report = parseToolReport(fixture('cyclonedx-vex-affected-no-rating.json'));
    expect(values(report)).toMatchObject({ unknown_severity_vulnerabilities: 1, critical_vulnerabilities: 0, vulnerabilities_total: 1 });
  });

  it('an ML-BOM without a vulnerabilities array is no vulnerability analysis and is refused; an empty array is a clean one', () => {
    const bom = readFileSync('/work/shared/fixtures/cyclonedx/valid-machine-learning-1.6.json');
    const error = invalidOf(() => parseToolReport(bom));
    expect(error.message).toMatch(/no completed analysis: the BOM has no `vulnerabilities` array/);
    expect(error.issues).toEqual([expect.objectContaining({ path: 'file' })]);
    expect(invalidOf(() => parseToolReport(bytesOf({ ...JSON.parse(bom.toString('utf8')), vulnerabilities: null }))).message).toMatch(/plain SBOM/);
    const clean = parseToolReport(bytesOf({ ...JSON.parse(bom.toString('utf8')), vulnerabilities: [] }));
    expect(values(clean)).toMatchObject({ vulnerabilities_total: 0, critical_vulnerabilities: 0 });
  });

  it("names its subject by metadata.component's SHA-256 hashes (other algorithms ignored), refusing a malformed one", () => {
    const doc = json('cyclonedx-cisa-case3-vex.json') as { metadata: { component: Record<string, unknown> } };
    expect(parseToolReport(bytesOf(doc)).subjectSha256).toEqual([]);
    doc.metadata.component.hashes = [{ alg: 'SHA-1', content: 'a'.repeat(40) }, { alg: 'SHA-256', content: 'E'.repeat(64) }];
    expect(parseToolReport(bytesOf(doc)).subjectSha256).toEqual(['e'.repeat(64)]);
    doc.metadata.component.hashes = [{ alg: 'SHA-256', content: 'sha256:abc' }];
    expect(invalidOf(() => parseToolReport(bytesOf(doc))).message).toMatch(/metadata\.component\.hashes\.0\.content/);
  });

  it('refuses an unknown analysis state, severity or a score given as a word', () => {
    const doc = json('cyclonedx-cisa-case3-vex.json') as { vulnerabilities: Record<string, unknown>[] };
    const bad = (patch: Record<string, unknown>) => bytesOf({ ...doc, vulnerabilities: [{ ...doc.vulnerabilities[0], ...patch }] });
    expect(invalidOf(() => parseToolReport(bad({ analysis: { state: 'fixed' } }))).message).toMatch(/vulnerabilities\.0\.analysis\.state/);
    expect(invalidOf(() => parseToolReport(bad({ ratings: [{ severity: 'catastrophic' }] }))).message).toMatch(/ratings\.0\.severity/);
    expect(invalidOf(() => parseToolReport(bad({ ratings: [{ method: 'CVSSv31', score: 'NaN' }] }))).message).toMatch(/ratings\.0\.score/);
    expect(invalidOf(() => parseToolReport(bytesOf({ bomFormat: 'SPDX' }), 'cyclonedx')).message).toMatch(/bomFormat/);
  });
});
