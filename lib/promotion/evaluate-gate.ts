import type { Comparator, PolicyRules, PromotionTarget, RiskTier, ScanFinding, ScanStatus, Stage } from '@/db/schema';
import { isUnrecognizedFormat, UNRECOGNIZED_FORMAT_ADVICE } from '@/lib/artifacts/scan/unrecognized-format';
import type { EvidenceStatus } from '@/db/schema/evidence';
import { COMPARATOR_SYMBOLS, comparableValue, metricPassed, reportedValue } from '@/lib/evidence/metric';
import { formatMetricValue } from '@/lib/format/metric-value';
import { humanize, plural } from '@/lib/words';
import { formatDate, formatDateTime } from '@/lib/format/date-time';
import { findingRequirements } from './finding-requirements';
import { failureRecords, failuresDetail, retractedFailureNote, unansweredFailures } from './stated-failures';
import { needsTierConfirmation, tierConfirmationRequirement, type TierConfirmation } from '@/lib/inventory/tier-confirmation';

export type GateEvidence = {
  id: string;
  kind: string;
  environment: string;
  performedAt: string;
  /** The server's receipt time: the latest received active record of a kind is the one that counts. */
  receivedAt: string;
  status: EvidenceStatus;
  countsForVersion: boolean;
  /** `origin`: computed by the server from an attached tool report, or claimed (typed); absent reads as claimed. */
  /** `threshold` and `comparator`: as stated with the metric by whoever recorded it (absent or null: none stated). */
  metrics: { name: string; value: number; unit?: string | null; threshold?: number | null; comparator?: Comparator | null; passed: boolean | null; origin?: 'computed' | 'claimed' }[];
  /** The data it was measured on: a dataset version, or a model-index result's dataset; null when the record names none. */
  datasetKey?: string | null;
  /** Set on a record of another version with the same bytes (its model and label): it never counts, its failures do. */
  otherVersion?: string;
  /** Why and when it was retracted or superseded. */
  statusReason?: string | null;
  statusChangedAt?: string | null;
};

/** A critical or high finding on the version or on a dataset version upstream of it, with its live waiver if accepted. */
export type GateFinding = {
  id: string;
  number: number;
  title: string;
  severity: 'critical' | 'high';
  status: 'open' | 'in_remediation' | 'ready_for_validation' | 'accepted';
  dueDate: string;
  /** Where it was raised, as people read it: "this version", "dataset version transactions v3". */
  subject: string;
  waiver: { expiresAt: string; printedName: string } | null;
};

export type GateInput = {
  riskTier: RiskTier;
  /** Who confirmed the tier; production under a limited or minimal tier's lighter gate waits for it. */
  tierConfirmation: TierConfirmation;
  /** The system is retired: the gate then fails, whatever else holds. */
  systemRetired?: boolean;
  stage: Stage;
  target: PromotionTarget;
  scanStatus: ScanStatus;
  scanFindings?: ScanFinding[];
  /** The verdict comes from an older scanner than this one: a `clean` of it is read as unknown. */
  scanOutdated?: boolean;
  openIntegrityFlags: number;
  openRequestForTarget: boolean;
  policy: { id: string; version: number; rules: PolicyRules } | null;
  /** Evidence in receipt order (ties keep this order). */
  evidence: GateEvidence[];
  /** The request is an explicit rollback of an archived version; `approvedBefore`: it was approved for this target once. */
  rollback: boolean;
  approvedBefore?: boolean;
  /** Critical and high findings, active or accepted, on the version and its upstream dataset versions. */
  findings?: GateFinding[];
  /** The parts of the system's documentation left blank (`undocumented`); absent when no rule asks. */
  undocumented?: string[];
  /** How many dataset versions are upstream of the version in its lineage; absent when no rule asks. */
  upstreamDatasetVersions?: number;
  /** When the version entered its current stage (null: it never moved). */
  stageChangedAt?: string | null;
  /** The version's model signature that counts now (else its latest), verified again now; null when it has none; absent when no rule asks. */
  signature?: GateSignature;
  now: Date;
};

/** The evidence record a requirement was judged on, so reviewers can see which one it was. */
export type EvidenceRef = { evaluationId: string; receivedAt: string };
/**
 * `warning`: met only because the policy allows it (an unscanned artifact): shown as a caution, never as a tick.
 * `pending`: unmet only because a request for the stage is open and waiting for signatures: nothing to fix.
 */
export type Requirement = { id: string; label: string; met: boolean; detail: string; warning?: boolean; pending?: boolean; records?: EvidenceRef[]; findingId?: string };
export type GateResult = { passed: boolean; policyVersion: number | null; expeditedRollback: boolean; requirements: Requirement[] };

/** Stages only move forward; an archived version comes back only through an explicit rollback. */
export const FORWARD_TARGETS: Record<Stage, readonly PromotionTarget[]> = { development: ['staging', 'production'], staging: ['production'], production: [], archived: [] };

const counts = (e: GateEvidence) => e.countsForVersion && e.status === 'active' && !e.otherVersion;
const ref = (e: GateEvidence): EvidenceRef => ({ evaluationId: e.id, receivedAt: e.receivedAt });

/** The last record received (never the latest claimed date) among the active ones for these bytes. */
function latest(evidence: GateEvidence[], kind: string, environment?: string) {
  const candidates = evidence.filter((e) => e.kind === kind && counts(e) && (!environment || e.environment === environment));
  return candidates.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)).at(-1);
}

function missingDetail(all: GateEvidence[]) {
  if (all.some((e) => e.countsForVersion && e.status !== 'active')) return 'Only retracted or superseded records: they do not count.';
  return all.length > 0 ? 'Evidence exists only for other bytes (digest mismatch).' : 'Missing.';
}

function evidenceRequirement(kind: string, input: GateInput, rules: PolicyRules): Requirement {
  const base = { id: `evidence:${kind}`, label: `${humanize(kind)} evidence` };
  const found = latest(input.evidence, kind);
  if (!found) return { ...base, met: false, detail: missingDetail(input.evidence.filter((e) => e.kind === kind && !e.otherVersion)) };
  const records = [ref(found)];
  // A claimed date can make a record look older, never younger than its receipt.
  const since = Math.min(new Date(found.performedAt).getTime(), new Date(found.receivedAt).getTime());
  const ageDays = (input.now.getTime() - since) / 86400000;
  if (rules.maxEvidenceAgeDays !== null && ageDays > rules.maxEvidenceAgeDays) {
    return { ...base, met: false, records, detail: `Stale: ${plural(Math.floor(ageDays), 'day')} old, the policy allows ${rules.maxEvidenceAgeDays}.` };
  }
  // In receipt order (the query's, kept by a stable sort for records received in the same millisecond).
  const ofKind = input.evidence.filter((e) => e.kind === kind && e.countsForVersion).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const unanswered = unansweredFailures(ofKind);
  if (unanswered.length) return { ...base, met: false, records: failureRecords(unanswered, found).map(ref), detail: failuresDetail(unanswered, found.id) };
  return { ...base, met: true, records, detail: `Received ${formatDate(found.receivedAt)} (${found.environment})${figuresOrigin(found)}.${retractedFailureNote(ofKind)}` };
}

/** Whether a record's figures were typed by its sender or computed by the server, said where the checklist shows it met. */
function figuresOrigin(record: GateEvidence) {
  const claimed = record.metrics.filter((m) => m.origin !== 'computed').length;
  return record.metrics.length === 0 ? '' : claimed === record.metrics.length ? ', figures self-reported (typed, not computed from a tool report)' : claimed > 0 ? ', some figures self-reported' : ', figures computed from a tool report';
}

function thresholdRequirement(t: PolicyRules['metricThresholds'][number], input: GateInput): Requirement {
  const base = { id: `threshold:${t.kind}:${t.metric}`, label: `${humanize(t.kind)}: ${t.metric} ${COMPARATOR_SYMBOLS[t.comparator as keyof typeof COMPARATOR_SYMBOLS]} ${t.threshold}` };
  if (t.computedOnly) return computedThresholdRequirement(t, input, { ...base, label: `${base.label} (computed from a tool report)` });
  const record = latest(input.evidence, t.kind);
  const metric = record?.metrics.find((m) => m.name === t.metric);
  if (!record || !metric) return { ...base, met: false, ...(record ? { records: [ref(record)] } : {}), detail: 'Metric not reported.' };
  return judgeThreshold(t, record, metric, base);
}

/**
 * A computed-only threshold judges the latest record whose metric the server computed from a tool report; a typed
 * figure neither satisfies it nor hides a computed one received earlier.
 */
function computedThresholdRequirement(t: PolicyRules['metricThresholds'][number], input: GateInput, base: Pick<Requirement, 'id' | 'label'>): Requirement {
  const isComputed = (m: GateEvidence['metrics'][number]) => m.name === t.metric && m.origin === 'computed';
  const record = input.evidence.filter((e) => e.kind === t.kind && counts(e) && e.metrics.some(isComputed)).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)).at(-1);
  if (!record) {
    const typed = latest(input.evidence, t.kind);
    const claimed = typed?.metrics.some((m) => m.name === t.metric);
    const detail = claimed ? 'Only self-reported (typed by hand): the policy counts only a value computed from an attached tool report.' : 'Not computed: attach the tool report (POST /api/v1/evaluations/reports).';
    return { ...base, met: false, ...(typed ? { records: [ref(typed)] } : {}), detail };
  }
  return judgeThreshold(t, record, record.metrics.find(isComputed)!, base);
}

function judgeThreshold(t: PolicyRules['metricThresholds'][number], record: GateEvidence, metric: GateEvidence['metrics'][number], base: Pick<Requirement, 'id' | 'label'>): Requirement {
  const value = comparableValue(metric);
  if (value === null) return { ...base, met: false, records: [ref(record)], detail: `Reported as ${reportedValue(metric)}: a value in ${metric.unit} cannot be compared with this threshold.` };
  const shown = metric.unit ? `${reportedValue(metric)} (${formatMetricValue(value)})` : formatMetricValue(value);
  const met = metricPassed(value, t.threshold, t.comparator as never) === true;
  return { ...base, met, records: [ref(record)], detail: met ? `${shown} meets it.` : `Failed threshold: ${shown}.` };
}

function toleranceRequirement(tolerance: number, input: GateInput): Requirement {
  const staging = latest(input.evidence, 'performance', 'staging');
  const production = latest(input.evidence, 'performance', 'production');
  const base = { id: 'tolerance', label: `Production performance within ${tolerance} of staging` };
  if (!staging || !production) {
    // Production evidence of a version not yet in production comes from live traffic it scores aside: shadow or canary.
    const live = 'for a version not yet in production, from shadow scoring or a canary on live traffic';
    const detail = !staging && !production ? `Needs performance evidence from staging and from production (${live}).`
      : staging ? `Needs performance evidence from production to compare with staging's: ${live}.`
      : "Needs performance evidence from staging to compare with production's.";
    return { ...base, met: false, detail };
  }
  const drift = production.metrics.flatMap((p) => {
    const s = staging.metrics.find((m) => m.name === p.name);
    const [before, after] = s ? [comparableValue(s), comparableValue(p)] : [null, null];
    if (!s) return [];
    if (before === null || after === null) return [`${p.name} ${reportedValue(s)} → ${reportedValue(p)} (not comparable)`];
    return Math.abs(after - before) > tolerance ? [`${p.name} ${reportedValue(s)} → ${reportedValue(p)}`] : [];
  });
  return { ...base, met: drift.length === 0, records: [ref(staging), ref(production)], detail: drift.length ? `Outside tolerance: ${drift.join(', ')}.` : 'Within tolerance.' };
}

/** How the scan requirement begins for bytes in a format the scanner does not read (the way forward keys on it). */
export const UNRECOGNIZED_FORMAT_DETAIL = 'Scanned, but the format was not recognised from the bytes, so nothing vouches for them.';

/** Unknown is never clean: it fails unless the tier's policy explicitly allows unscanned artifacts, and then it warns. */
function scanRequirement(input: GateInput): Requirement {
  const base = { id: 'scan', label: 'Artifact scanned and safe' };
  if (input.scanStatus === 'unsafe') {
    const critical = (input.scanFindings ?? []).filter((f) => f.severity === 'critical').map((f) => f.message);
    return { ...base, met: false, detail: `Unsafe: ${critical.length ? critical.join('; ') : 'the artifact scan found code that runs on load'}.` };
  }
  if (input.scanStatus === 'clean' && input.scanOutdated) {
    return { ...base, met: false, detail: 'Not confirmed by the current scanner: upload the same bytes again to scan them (an administrator can rescan every stored artifact at once).' };
  }
  if (input.scanStatus === 'unknown') {
    const unrecognized = isUnrecognizedFormat(input.scanFindings);
    const what = unrecognized ? 'Scanned, but the format was not recognised from the bytes' : 'Not scanned';
    if (input.policy?.rules.allowUnscanned === true) return { ...base, met: true, warning: true, detail: `${what}: the policy for this tier allows unscanned artifacts, so nothing vouches for these bytes.` };
    if (unrecognized) return { ...base, met: false, detail: `${UNRECOGNIZED_FORMAT_DETAIL} ${UNRECOGNIZED_FORMAT_ADVICE}` };
    return { ...base, met: false, detail: "Not scanned: upload the artifact's bytes so the server can scan them." };
  }
  return { ...base, met: true, detail: 'Clean.' };
}

/**
 * `problem` is null when the signature verifies against the current trust configuration and signs these bytes;
 * `checked`: how many of the latest signatures were verified again (the one that counts is returned, else the latest).
 */
export type GateSignature = { problem: 'malformed' | 'untrusted' | 'invalid' | 'other_bytes' | 'bytes_not_held' | null; signerIdentity: string | null; reason: string; checked?: number } | null;

export function signerRequirement(identities: string[], signature: GateSignature): Requirement {
  const base = { id: 'signature', label: `Model signed by ${identities.join(' or ')}` };
  if (!signature) return { ...base, met: false, detail: 'No model signature: attach an OpenSSF model-signing bundle to this version.' };
  const none = (signature.checked ?? 1) > 1 ? `None of the ${signature.checked} latest signatures counts now; the latest: ` : '';
  if (signature.problem) return { ...base, met: false, detail: `${none || 'The latest signature does not count now: '}${signature.reason}` };
  if (!identities.includes(signature.signerIdentity ?? '')) return { ...base, met: false, detail: `${none}Signed by ${signature.signerIdentity}, not one of ${identities.join(', ')}.` };
  return { ...base, met: true, detail: `${signature.reason} Verified against the current trust configuration.` };
}

/** EU AI Act Art. 10: the data a high-risk model was trained on is governed, so the lineage must name it. */
function lineageRequirement(input: GateInput): Requirement {
  const base = { id: 'lineage', label: 'Training data in the lineage' };
  const found = input.upstreamDatasetVersions ?? 0;
  if (found === 0) return { ...base, met: false, detail: 'No dataset version is upstream of this version: record the training run with its input datasets (POST /api/v1/runs or OpenLineage).' };
  return { ...base, met: true, detail: `${plural(found, 'dataset version')} upstream in the lineage.` };
}

/** A soak period: production takes only a version that has run in staging for the policy's days. */
function stagingTimeRequirement(days: number, input: GateInput): Requirement {
  const base = { id: 'staging-time', label: days === 0 ? 'Comes from staging' : `In staging for ${plural(days, 'day')} first` };
  if (input.stage !== 'staging') return { ...base, met: false, detail: input.stage === 'development' ? 'Now in development: promote it to staging first.' : `Now in ${input.stage}: only a version in staging may go to production.` };
  const since = input.stageChangedAt ? new Date(input.stageChangedAt) : null;
  if (!since) return { ...base, met: days === 0, detail: days === 0 ? 'In staging.' : 'In staging since a date not on record: the time there cannot be counted.' };
  const spent = Math.floor((input.now.getTime() - since.getTime()) / 86400000);
  if (spent < days) return { ...base, met: false, detail: `In staging since ${formatDate(input.stageChangedAt!)} (${plural(Math.max(0, spent), 'day')}): it may go to production from ${formatDateTime(new Date(Math.ceil((since.getTime() + days * 86400000) / 60000) * 60000).toISOString())}.` };
  return { ...base, met: true, detail: `In staging since ${formatDate(input.stageChangedAt!)} (${plural(spent, 'day')}).` };
}

function stageRequirement(input: GateInput): Requirement {
  if (input.rollback) {
    const met = input.stage === 'archived';
    return { id: 'stage', label: `Rolls back to ${input.target}`, met, detail: met ? 'Archived; this is an explicit rollback.' : `Now in ${input.stage}: only an archived version can be rolled back to.` };
  }
  const met = FORWARD_TARGETS[input.stage].includes(input.target);
  // Development straight to production reads like a slip unless said allowed (no minDaysInStaging); never when asked.
  const skipsStaging = input.stage === 'development' && input.target === 'production' && !!input.policy && input.policy.rules.minDaysInStaging === undefined;
  const detail = met ? (skipsStaging ? 'Now in development: this tier’s policy does not ask for staging first.' : `Now in ${input.stage}.`) : input.stage === 'archived' ? 'Archived: only an explicit rollback request can bring it back.' : `Now in ${input.stage}: stages only move forward.`;
  return { id: 'stage', label: `Moves up to ${input.target}`, met, detail };
}

/** Every part of the system's documentation is written: its users' instructions (EU AI Act Art. 13) and the card's narrative. */
function documentationRequirement(missing: string[] | undefined): Requirement {
  const base = { id: 'documentation', label: 'System documented for its users' };
  // Fails closed: a caller that did not read the system passes nothing.
  if (!missing) return { ...base, met: false, detail: 'The system’s documentation was not read.' };
  if (missing.length === 0) return { ...base, met: true, detail: 'Intended use, out-of-scope uses, human oversight, limitations, ethical considerations and recommendations are written.' };
  return { ...base, met: false, detail: `Blank on the system: ${missing.join(', ')} (EU AI Act Art. 13 instructions for use; the AI Card's narrative).` };
}

function rollbackRequirement(input: GateInput, rules: PolicyRules): Requirement {
  const base = { id: 'rollback', label: 'Expedited rollback' };
  if (!rules.allowExpeditedRollback) return { ...base, met: false, detail: 'The policy for this tier and stage does not allow a rollback.' };
  if (!input.approvedBefore) return { ...base, met: false, detail: `This version was never approved for ${input.target}; only a version approved before can be rolled back to.` };
  return { ...base, met: true, detail: 'This version was approved for this stage before; the policy allows rolling back to it on approvals alone.' };
}

/** The gate: every requirement of the policy, each met or not and why. Pure, so it is tested and benchmarked alone. */
export function evaluateGate(input: GateInput): GateResult {
  const requirements: Requirement[] = [
    { id: 'tier', label: 'System is not prohibited', met: input.riskTier !== 'prohibited', detail: input.riskTier === 'prohibited' ? 'Prohibited systems can never be promoted.' : `Risk tier ${input.riskTier}.` },
    // A lighter tier chosen by the owner alone opens no forward way to production; a rollback returns to what was approved.
    ...(input.target === 'production' && !input.rollback && needsTierConfirmation(input.riskTier) ? [tierConfirmationRequirement(input.riskTier, input.tierConfirmation)] : []),
    // Shown only when it fails: a retired system's records are read-only, so nothing of it moves again, rollbacks included.
    ...(input.systemRetired ? [{ id: 'retired', label: 'System is in service', met: false, detail: 'The system is retired: its records are read-only, and nothing of it is promoted or rolled back.' }] : []),
    stageRequirement(input),
    input.openRequestForTarget
      ? { id: 'open-request', label: 'No other open request for this stage', met: false, pending: true, detail: 'A request for this stage is open and waits for its signatures.' }
      : { id: 'open-request', label: 'No other open request for this stage', met: true, detail: 'None open.' },
    scanRequirement(input),
    { id: 'integrity', label: 'No open integrity flag', met: input.openIntegrityFlags === 0, detail: input.openIntegrityFlags ? `${plural(input.openIntegrityFlags, 'open flag')}.` : 'None.' },
    ...(input.findings ? findingRequirements(input.findings, input.now) : []),
  ];
  if (!input.policy) {
    requirements.push({ id: 'policy', label: 'A promotion policy applies', met: false, detail: `No policy for ${input.riskTier} → ${input.target}.` });
  } else if (input.rollback) {
    requirements.push(rollbackRequirement(input, input.policy.rules));
  } else {
    const { rules } = input.policy;
    requirements.push(...rules.requiredEvidenceKinds.map((kind) => evidenceRequirement(kind, input, rules)));
    requirements.push(...rules.metricThresholds.map((t) => thresholdRequirement(t, input)));
    if (input.target === 'production' && rules.stagingProductionTolerance !== null) requirements.push(toleranceRequirement(rules.stagingProductionTolerance, input));
    if (rules.requiredSignerIdentities?.length) requirements.push(signerRequirement(rules.requiredSignerIdentities, input.signature ?? null));
    if (rules.requireTrainingLineage) requirements.push(lineageRequirement(input));
    if (rules.requireDocumentation) requirements.push(documentationRequirement(input.undocumented));
    if (input.target === 'production' && rules.minDaysInStaging !== undefined) requirements.push(stagingTimeRequirement(rules.minDaysInStaging, input));
  }
  return { passed: requirements.every((r) => r.met), policyVersion: input.policy?.version ?? null, expeditedRollback: input.rollback && !!input.policy, requirements };
}
