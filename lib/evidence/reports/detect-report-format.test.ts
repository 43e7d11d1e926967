import { describe, expect, it } from 'vitest';
import { HOSTILE_RAW_BODIES } from '@/lib/http/fuzz-inputs';
import { detectReportFormat } from './detect-report-format';
import { bytesOf, fixture } from './report-test-helpers';

const EXPECTED = {
  'trivy-alpine-310.sarif': 'sarif',
  'trivy-action-config.sarif': 'sarif',
  'trivy-action-image-critical.sarif': 'sarif',
  'codeql-action-valid.sarif': 'sarif',
  'grype-image.sarif': 'sarif',
  'semgrep-nosemgrep.sarif': 'sarif',
  'pip-audit-readme-array.json': 'pip-audit',
  'pip-audit-fix.json': 'pip-audit',
  'pip-audit-skipped-dep.json': 'pip-audit',
  'cyclonedx-valid-vulnerability-1.6.json': 'cyclonedx',
  'cyclonedx-cisa-case3-vex.json': 'cyclonedx',
  'garak-0.14-with-ci.report.jsonl': 'garak',
  'garak-0.13.3-nones.report.jsonl': 'garak',
  'garak-0.13.0-agg.report.jsonl': 'garak',
  'promptfoo-sample-export.json': 'promptfoo',
} as const;

describe('detectReportFormat', () => {
  it.each(Object.entries(EXPECTED))('knows %s by its content alone, whatever the file is called', (name, format) => {
    expect(detectReportFormat(fixture(name))).toBe(format);
    expect(detectReportFormat(fixture(name), 'report.txt')).toBe(format);
    expect(detectReportFormat(fixture(name), 'misleading.sarif')).toBe(format);
  });

  it('a UTF-8 BOM (PowerShell redirection) does not hide the format', () => {
    expect(detectReportFormat(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture('grype-image.sarif')]))).toBe('sarif');
  });

  it('the file name only helps when the content matches no format', () => {
    const unknown = bytesOf({ version: '2.0.0', runs: 'x' });
    expect(detectReportFormat(unknown)).toBeNull();
    expect(detectReportFormat(unknown, 'scan.sarif')).toBe('sarif');
    expect(detectReportFormat(unknown, 'bom.cdx.json')).toBe('cyclonedx');
    expect(detectReportFormat(bytesOf('not json at all'), 'garak.1.report.jsonl')).toBe('garak');
    expect(detectReportFormat(unknown, 'results.json')).toBeNull();
    // garak's own qual-review asset opens with an attempt entry: only its name tells.
    expect(detectReportFormat(fixture('garak-qual-review-mixed.report.jsonl'))).toBeNull();
    expect(detectReportFormat(fixture('garak-qual-review-mixed.report.jsonl'), 'garak.x.report.jsonl')).toBe('garak');
  });

  it('other JSON is not mistaken for a report', () => {
    for (const value of [{}, [], [{ name: 'x' }], { runs: [] }, { dependencies: [] }, { results: {} }, { entry_type: 'eval' }, 'text', 42, null]) {
      expect(detectReportFormat(bytesOf(value))).toBeNull();
    }
    expect(detectReportFormat(bytesOf('{"entry_type": "attempt"}\n{"entry_type": "init"}\n'))).toBeNull();
  });

  it('answers null, never throws, on hostile bytes', () => {
    for (const body of HOSTILE_RAW_BODIES) expect(detectReportFormat(Buffer.from(body))).toBeNull();
    expect(detectReportFormat(Buffer.alloc(0))).toBeNull();
  });
});
