import { SAFE_FORMATS } from '@/lib/artifacts/scan/unrecognized-format';
import { UNRECOGNIZED_FORMAT_DETAIL, type Requirement } from './evaluate-gate';
import { FAILED_THRESHOLD } from './stated-failures';
import { CONFIRMER } from '@/lib/inventory/tier-confirmation';
import { requirementState } from './requirement-state';

/** One thing the gate still wants, said as what to do, with where it is done (null when nothing on a page fixes it). */
export type NextStep = { requirementId: string; action: string; detail: string; href: string | null };

/** `systemId`: where a step on the system is done (its tier's confirmation); without it the step names no page. */
type Version = { modelId: string; versionId: string; systemId?: string };

function stepFor(r: Requirement, version: Version): Pick<NextStep, 'action' | 'href'> {
  const page = `/models/${version.modelId}/versions/${version.versionId}`;
  // Evidence and threshold ids carry the kind (`evidence:red_team`, `threshold:performance:auc`); a threshold's label
  // says its condition after the kind ("Performance: auc ≥ 0.8").
  const kind = r.id.split(':')[1] ?? '';
  const kindWords = kind.replaceAll('_', ' ');
  const condition = r.label.split(': ')[1];
  // The evidence form opens on the kind (and environment) asked for.
  const record = (evidenceKind: string, environment?: string) => `${page}/evidence/new?kind=${evidenceKind}${environment ? `&environment=${environment}` : ''}`;
  if (r.id.startsWith('evidence:') && r.detail.startsWith(FAILED_THRESHOLD)) {
    // A stated threshold that failed stays failed until a value meets it: sending the record again without it does not.
    return { action: `Record ${kindWords} evidence that meets the failed threshold, or retract the failed record, saying why`, href: record(kind) };
  }
  if (r.id.startsWith('evidence:')) return { action: `Record ${kindWords} evidence`, href: record(kind) };
  if (r.id.startsWith('threshold:')) return { action: `Record ${kindWords} evidence meeting ${condition}`, href: record(kind) };
  if (r.id === 'tolerance') return { action: 'Record performance evidence from staging and from production (shadow scoring or a canary)', href: record('performance', 'production') };
  if (r.id === 'scan') {
    if (r.detail.startsWith('Unsafe')) return { action: 'Review the scan findings', href: `${page}#integrity` };
    // Bytes in a format the scanner cannot read stay unvouched for however often they are uploaded: a new version can fix it.
    if (r.detail.startsWith(UNRECOGNIZED_FORMAT_DETAIL)) return { action: `Register a version in ${SAFE_FORMATS}`, href: `/models/${version.modelId}/versions/new` };
    return { action: 'Upload the artifact', href: `${page}#artifact` };
  }
  if (r.id === 'integrity') return { action: 'Resolve the open integrity flags', href: `${page}#integrity` };
  if (r.findingId) return { action: `Resolve ${r.label}`, href: `/findings/${r.findingId}` };
  // The lineage page of the version, where a training run's inputs show (recorded by a pipeline, or OpenLineage).
  if (r.id === 'lineage') return { action: 'Record the training run with the datasets it read', href: `/lineage?node=model_version:${version.versionId}` };
  // Both are done on this page's promotion card, or by waiting.
  if (r.id === 'staging-time') {
    if (r.detail.startsWith('Now in development')) return { action: 'Request promotion to staging first', href: null };
    // In production or archived, the stage requirement already says why nothing moves it there.
    if (r.detail.startsWith('Now in')) return { action: r.label, href: null };
    return { action: 'Let it run in staging for the days the policy asks', href: null };
  }
  if (r.id === 'documentation') return { action: 'Write the system’s documentation', href: version.systemId ? `/systems/${version.systemId}/edit` : null };
  if (r.id === 'tier-confirmed') return { action: `Ask ${CONFIRMER} to confirm its tier`, href: version.systemId ? `/systems/${version.systemId}#classification` : null };
  if (r.id === 'policy') return { action: 'Ask an administrator for a promotion policy for this tier and stage', href: null };
  return { action: r.label, href: null };
}

/** The failing requirements of a gate as steps to take; a pending request is waited for, not fixed. */
export function wayForward(requirements: Requirement[], version: Version): NextStep[] {
  return requirements.filter((r) => requirementState(r) === 'failed').map((r) => ({ requirementId: r.id, detail: r.detail, ...stepFor(r, version) }));
}
