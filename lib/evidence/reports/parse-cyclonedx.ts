import { plural } from '@/lib/words';
import { arrayAt, isObject, objectAt, optionalString, refuse, refuseUnevaluated, decimalAt, shortText, type Json, type JsonObject } from './report-input';
import { cycloneDxSubject } from './report-subject';
import type { ParsedReport, ReportIssue, ReportSeverity } from './report-types';
import { boundIssues, countMetric, emptyCounts, severityMetrics, severityOfScore, worseOf } from './severity';

const MAX_VULNERABILITIES = 200_000;
const STATES = ['resolved', 'resolved_with_pedigree', 'exploitable', 'in_triage', 'false_positive', 'not_affected'] as const;
const SEVERITIES: Record<string, ReportSeverity> = { critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'none', none: 'none', unknown: 'unknown' };
/** Which rating speaks for a vulnerability: the newest CVSS first (as Dependency-Track prefers v3 over v2). */
const METHOD_RANK: Record<string, number> = { CVSSv4: 0, CVSSv31: 1, CVSSv3: 2, CVSSv2: 3 };

/**
 * CycloneDX BOM or VEX (JSON, spec 1.2-1.6): `vulnerabilities[]` with `ratings[]` and `analysis.state`. A VEX
 * statement that a vulnerability does not apply (not_affected, false_positive) or was fixed (resolved...) counts
 * apart; exploitable, in_triage and unanalysed ones are open and counted by severity. A BOM without a
 * `vulnerabilities` array is a plain SBOM, no analysis, and is refused; an empty array is an analysis that found none.
 */
export function parseCycloneDx(document: Json): ParsedReport {
  const root = objectAt(document, '$');
  if (root.bomFormat !== 'CycloneDX') refuse('a CycloneDX document has `bomFormat: "CycloneDX"`', 'bomFormat');
  const specVersion = optionalString(root.specVersion, 'specVersion') ?? '';
  const counts = emptyCounts();
  const issues: ReportIssue[] = [];
  let notAffected = 0;
  let resolved = 0;
  if (root.vulnerabilities === undefined || root.vulnerabilities === null) refuseUnevaluated('the BOM has no `vulnerabilities` array, so it is a plain SBOM, not a vulnerability analysis (an empty array would say none was found)');
  const vulnerabilities = arrayAt(root.vulnerabilities, 'vulnerabilities', MAX_VULNERABILITIES);
  vulnerabilities.forEach((value, index) => {
    const path = `vulnerabilities.${index}`;
    const vulnerability = objectAt(value, path);
    const id = optionalString(vulnerability.id, `${path}.id`) ?? optionalString(vulnerability['bom-ref'], `${path}.bom-ref`) ?? `#${index}`;
    const severity = severityOfRatings(arrayAt(vulnerability.ratings, `${path}.ratings`, 1_000), `${path}.ratings`);
    const state = stateOf(vulnerability.analysis, `${path}.analysis`);
    const closed = state === 'not_affected' || state === 'false_positive' || state === 'resolved' || state === 'resolved_with_pedigree';
    if (state === 'not_affected' || state === 'false_positive') notAffected++;
    else if (closed) resolved++;
    else counts[severity]++;
    if (severity === 'critical' || severity === 'high') {
      const refs = arrayAt(vulnerability.affects, `${path}.affects`, 10_000).map((affect, i) => optionalString(objectAt(affect, `${path}.affects.${i}`).ref, `${path}.affects.${i}.ref`) ?? '');
      const description = optionalString(vulnerability.description, `${path}.description`) ?? '';
      issues.push({
        key: shortText(`cyclonedx:${id}:${[...refs].sort().join(',')}`, 400),
        severity,
        title: shortText(`${id}${refs[0] ? ` in ${refs[0]}` : ''}`, 200),
        detail: shortText(`${severity} severity; analysis: ${state ?? 'none'}${refs.length > 1 ? `; affects ${refs.length} components` : ''}. ${description}`, 1_000),
        suppressed: closed,
      });
    }
  });
  const notes: string[] = [];
  const open = vulnerabilities.length - notAffected - resolved;
  return {
    format: 'cyclonedx',
    kind: 'security_scan',
    tool: toolOf(root) ?? `CycloneDX ${specVersion}`.trim(),
    summary: `${plural(open, 'open vulnerability', 'open vulnerabilities')} (${counts.critical} critical, ${counts.high} high, ${counts.medium} medium, ${counts.low} low, ${counts.unknown} of unknown severity); ${notAffected} not affected and ${resolved} resolved counted apart.`,
    metrics: [
      ...severityMetrics(counts, 'open vulnerabilities'),
      countMetric('not_affected_vulnerabilities', notAffected, 'Vulnerabilities analysed as not affecting the product (not_affected, false_positive)'),
      countMetric('resolved_vulnerabilities', resolved, 'Vulnerabilities analysed as resolved'),
    ],
    issues: boundIssues(issues, notes),
    notes,
    subjectSha256: cycloneDxSubject(root),
  };
}

/** The worst severity among the ratings of the most preferred method present; a score stands in for a missing severity. */
function severityOfRatings(ratings: Json[], path: string): ReportSeverity {
  const read = ratings.map((value, i) => {
    const rating = objectAt(value, `${path}.${i}`);
    const method = optionalString(rating.method, `${path}.${i}.method`) ?? 'other';
    const named = optionalString(rating.severity, `${path}.${i}.severity`);
    if (named !== null && !(named in SEVERITIES)) refuse(`the severity must be one of ${Object.keys(SEVERITIES).join(', ')}`, `${path}.${i}.severity`);
    const score = rating.score === undefined || rating.score === null ? null : decimalAt(rating.score, `${path}.${i}.score`, 0, 10);
    const severity = named !== null ? SEVERITIES[named]! : score !== null && method in METHOD_RANK ? severityOfScore(score) : null;
    return { rank: METHOD_RANK[method] ?? 4, severity };
  });
  const usable = read.filter((r): r is { rank: number; severity: ReportSeverity } => r.severity !== null && r.severity !== 'unknown');
  if (usable.length === 0) return 'unknown';
  const best = Math.min(...usable.map((r) => r.rank));
  return usable.filter((r) => r.rank === best).reduce<ReportSeverity>((worst, r) => worseOf(worst, r.severity), 'none');
}

function stateOf(analysis: Json | undefined, path: string): (typeof STATES)[number] | null {
  if (analysis === undefined || analysis === null) return null;
  const state = optionalString(objectAt(analysis, path).state, `${path}.state`);
  if (state === null) return null;
  if (!(STATES as readonly string[]).includes(state)) refuse(`the analysis state must be one of ${STATES.join(', ')}`, `${path}.state`);
  return state as (typeof STATES)[number];
}

/** metadata.tools: an array of {vendor, name, version} up to 1.4, then {components: [...]}. */
function toolOf(root: JsonObject): string | null {
  const metadata = isObject(root.metadata) ? root.metadata : null;
  if (!metadata) return null;
  const tools = isObject(metadata.tools) ? arrayAt(metadata.tools.components, 'metadata.tools.components', 1_000) : arrayAt(metadata.tools, 'metadata.tools', 1_000);
  const first = tools.find(isObject);
  if (!first) return null;
  const name = optionalString(first.name, 'metadata.tools.0.name');
  const version = optionalString(first.version, 'metadata.tools.0.version');
  return name ? shortText(version ? `${name} ${version}` : name, 120) : null;
}
