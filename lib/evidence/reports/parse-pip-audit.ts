import { plural } from '@/lib/words';
import { arrayAt, objectAt, optionalString, refuse, refuseUnevaluated, requiredString, shortText, type Json } from './report-input';
import type { ParsedReport, ReportIssue } from './report-types';
import { boundIssues, countMetric } from './severity';

const MAX_DEPENDENCIES = 200_000;
const MAX_VULNS = 10_000;

/**
 * `pip-audit -f json`: `{dependencies: [{name, version, vulns: [{id, fix_versions, aliases, description}]}], fixes}`,
 * or the bare array older releases wrote. pip-audit gives no severity, so no per-severity count is made: a
 * "no critical vulnerability" rule must not pass on a report that cannot say (the counts are total and unknown).
 */
export function parsePipAudit(document: Json): ParsedReport {
  if (!Array.isArray(document) && !Array.isArray(objectAt(document, '$').dependencies)) refuse('a pip-audit report has a `dependencies` list', 'dependencies');
  const dependencies = Array.isArray(document) ? arrayAt(document, '$', MAX_DEPENDENCIES) : arrayAt(objectAt(document, '$').dependencies, 'dependencies', MAX_DEPENDENCIES);
  const base = Array.isArray(document) ? '' : 'dependencies.';
  const issues: ReportIssue[] = [];
  let vulnerabilities = 0;
  let fixable = 0;
  let vulnerablePackages = 0;
  let skipped = 0;
  dependencies.forEach((value, index) => {
    const path = `${base}${index}`;
    const dependency = objectAt(value, path);
    const name = requiredString(dependency.name, `${path}.name`);
    if (optionalString(dependency.skip_reason, `${path}.skip_reason`) !== null) {
      skipped++;
      return;
    }
    const version = optionalString(dependency.version, `${path}.version`) ?? '';
    const vulns = arrayAt(dependency.vulns, `${path}.vulns`, MAX_VULNS);
    if (vulns.length > 0) vulnerablePackages++;
    vulns.forEach((vulnValue, vulnIndex) => {
      const at = `${path}.vulns.${vulnIndex}`;
      const vuln = objectAt(vulnValue, at);
      const id = requiredString(vuln.id, `${at}.id`);
      const fixVersions = arrayAt(vuln.fix_versions, `${at}.fix_versions`, 1_000).map((v, i) => requiredString(v, `${at}.fix_versions.${i}`));
      const aliases = arrayAt(vuln.aliases, `${at}.aliases`, 1_000).map((v, i) => requiredString(v, `${at}.aliases.${i}`));
      const description = optionalString(vuln.description, `${at}.description`) ?? '';
      vulnerabilities++;
      if (fixVersions.length > 0) fixable++;
      issues.push({
        key: shortText(`pip-audit:${id}:${name}`, 400),
        severity: 'unknown',
        title: shortText(`${id} in ${name} ${version}`, 200),
        detail: shortText(
          `${aliases.length ? `Also known as ${aliases.join(', ')}. ` : ''}${fixVersions.length ? `Fixed in ${fixVersions.join(', ')}.` : 'No fixed version is known.'} ${description}`,
          1_000,
        ),
        suppressed: false,
      });
    });
  });
  if (dependencies.length === skipped) refuseUnevaluated(dependencies.length === 0 ? 'the pip-audit report lists no dependency' : 'pip-audit skipped every dependency, so none was audited');
  const notes = ['pip-audit reports no severity: every vulnerability counts as unknown severity, and no critical or high count is derived from this report.'];
  if (skipped > 0) notes.push(`${plural(skipped, 'dependency was', 'dependencies were')} skipped by pip-audit (not audited).`);
  return {
    format: 'pip-audit',
    kind: 'security_scan',
    tool: 'pip-audit',
    summary: `${plural(vulnerabilities, 'known vulnerability', 'known vulnerabilities')} in ${plural(vulnerablePackages, 'package')} of ${plural(dependencies.length - skipped, 'audited dependency', 'audited dependencies')}; ${fixable} with a fixed version available.`,
    metrics: [
      countMetric('vulnerabilities_total', vulnerabilities, 'Known vulnerabilities (pip-audit gives no severity)'),
      countMetric('unknown_severity_vulnerabilities', vulnerabilities, 'Vulnerabilities whose severity the report does not give'),
      countMetric('vulnerable_packages', vulnerablePackages, 'Packages with at least one known vulnerability'),
      countMetric('fixable_vulnerabilities', fixable, 'Vulnerabilities with a fixed version available'),
      countMetric('skipped_dependencies', skipped, 'Dependencies pip-audit skipped (not audited)'),
    ],
    issues: boundIssues(issues, notes),
    notes,
    subjectSha256: [],
  };
}
