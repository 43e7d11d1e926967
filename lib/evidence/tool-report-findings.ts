import 'server-only';
import { createHash } from 'node:crypto';
import type { Tx } from '@/db';
import { SEVERITIES, type Severity } from '@/db/schema';
import type { AuditActor } from '@/lib/auth/actor';
import { findingRef, raiseFindingInTx } from '@/lib/findings/raise-finding';
import { plural } from '@/lib/words';
import type { ParsedReport, ReportIssue } from './reports/report-types';
import { mapInOrder } from '@/lib/map-in-order';

/** Findings one report may raise (each is audited and notifies its owner); the rest are counted in the answer. */
export const MAX_FINDINGS_PER_REPORT = 50;

export type RaisedFinding = { id: string; ref: string; title: string; severity: Severity; created: boolean };

/**
 * What becomes a finding, as the issue says: a critical vulnerability, or a failing red-team probe (a plain promptfoo
 * eval's failing assertion is a test result for policies to judge, not an attack). High
 * vulnerabilities are counted (`high_vulnerabilities`) for policies to judge, not raised: every open high finding
 * blocks the gate, which is a policy's call. Suppressed results never raise anything.
 */
function raises(report: ParsedReport, issue: ReportIssue) {
  if (issue.suppressed) return false;
  if (report.kind === 'red_team') return true;
  return report.kind === 'security_scan' && issue.severity === 'critical';
}

/** A failing probe the parser could not grade is a medium finding; a graded one keeps its grade. */
const findingSeverity = (issue: ReportIssue): Severity => ((SEVERITIES as readonly string[]).includes(issue.severity) ? (issue.severity as Severity) : 'medium');

/** Stable per version and problem, so the same CVE in the next scan counts again on the open finding. */
function dedupeKey(versionId: string, issue: ReportIssue) {
  const key = issue.key.length <= 200 ? issue.key : createHash('sha256').update(issue.key).digest('hex');
  return `tool-report:${versionId}:${key}`;
}

type Source = { versionId: string; evaluationId: string; fileName: string; report: ParsedReport; now: Date };

/** Raises (or counts again) the findings of a report inside the recording transaction, worst first and bounded. */
export async function raiseToolReportFindings(tx: Tx, actor: AuditActor, { versionId, evaluationId, fileName, report, now }: Source) {
  const wanted = report.issues.filter((issue) => raises(report, issue));
  const raised: RaisedFinding[] = await mapInOrder(wanted.slice(0, MAX_FINDINGS_PER_REPORT), async (issue) => {
    const { finding, created } = await raiseFindingInTx(
      tx,
      actor,
      {
        type: report.kind === 'red_team' ? 'red_team_result' : 'vulnerability',
        severity: findingSeverity(issue),
        title: issue.title.slice(0, 300),
        description: `${issue.detail}\n\nFrom ${fileName} (${report.tool}), evaluation ${evaluationId}.`.slice(0, 4000),
        subjectType: 'model_version',
        subjectId: versionId,
        source: 'tool',
        dedupeKey: dedupeKey(versionId, issue),
      },
      now,
    );
    return { id: finding.id, ref: findingRef(finding.number), title: finding.title, severity: finding.severity, created };
  });
  const left = wanted.length - raised.length;
  return { raised, note: left > 0 ? `${plural(left, 'more issue')} would raise a finding; only the worst ${MAX_FINDINGS_PER_REPORT} were raised.` : null };
}
