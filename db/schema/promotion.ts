import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id } from './columns';
import { modelVersions, STAGES } from './models';
import { RISK_TIERS } from './systems';
import { ROLES, users } from './users';
import type { Comparator } from './evidence';
import type { Severity } from './findings';
import { PROMOTION_TARGETS, type PromotionTarget } from './vocabulary';

export { PROMOTION_TARGETS, type PromotionTarget };

/**
 * What counts as a breach in production: a metric (for a feature, or any feature when `feature` is null) compared
 * with a threshold over the results of the last `windowDays`, and the severity of the finding a breach raises.
 */
export type MonitoringRule = {
  metric: string;
  feature: string | null;
  comparator: Comparator;
  threshold: number;
  windowDays: number;
  severity: Severity;
  /** Where the default comes from (Evidently's, whylogs' defaults, the PSI 0.1 / 0.25 convention). */
  source?: string;
};

export type PolicyRules = {
  requiredEvidenceKinds: string[];
  /** `computedOnly`: only a metric the server computed from an attached tool report counts, never a typed one. */
  metricThresholds: { kind: string; metric: string; comparator: string; threshold: number; computedOnly?: boolean }[];
  maxEvidenceAgeDays: number | null;
  requiredApprovers: { role: string; count: number }[];
  stagingProductionTolerance: number | null;
  allowExpeditedRollback: boolean;
  /** Whether a version whose bytes were never scanned (scan `unknown`) may pass; absent means no. */
  allowUnscanned?: boolean;
  /** Production policies only: the monitoring rules of the tier; absent means none. */
  monitoringRules?: MonitoringRule[];
  /** Days a finding of each severity has before it is due; absent means FINDING_DEADLINE_DEFAULTS. */
  findingDeadlineDays?: Record<Severity, number>;
  /** Months between periodic reviews of a system of this tier; absent means REVIEW_CADENCE_DEFAULTS. */
  reviewCadenceMonths?: number;
  /** Days to sign a system's review once something triggers it; absent means TRIGGERED_REVIEW_DAYS_DEFAULT (30). */
  triggeredReviewDays?: number;
  /** When non-empty, the version must carry a model signature that verifies against the trust configuration and was made by one of these identities (key ids or certificate identities). */
  requiredSignerIdentities?: string[];
  /** When true, the version's lineage must name data it was trained on: a dataset version upstream of it; absent means no. */
  requireTrainingLineage?: boolean;
  /** Every part of the system's documentation must be written (lib/promotion/documentation.ts). */
  requireDocumentation?: boolean;
  /** Production policies only: when present, the version must come from staging, where it has been for at least these days. */
  minDaysInStaging?: number;
};

/** Each edit writes a new row with the next version; requests point at the exact row they were gated by. */
export const promotionPolicies = sqliteTable(
  'promotion_policies',
  {
    id: id(),
    riskTier: text('risk_tier', { enum: RISK_TIERS }).notNull(),
    targetStage: text('target_stage', { enum: PROMOTION_TARGETS }).notNull(),
    version: integer('version').notNull(),
    rules: text('rules', { mode: 'json' }).$type<PolicyRules>().notNull(),
    createdById: text('created_by_id').references(() => users.id),
    /** Why the version was written, as its author said (required since policy changes were asked a reason; null before). */
    changeReason: text('change_reason'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('promotion_policies_uq').on(t.riskTier, t.targetStage, t.version)],
);

/** `open` until a risk officer approves it (which writes the policy's next version) or rejects it, or an admin withdraws it. */
export const POLICY_PROPOSAL_STATUSES = ['open', 'approved', 'rejected', 'withdrawn'] as const;

/**
 * A change to a promotion policy proposed by an administrator, in force only once a risk officer other than the
 * proposer approves it with their password (four eyes). At most one is open per policy.
 */
export const policyProposals = sqliteTable(
  'policy_proposals',
  {
    id: id(),
    riskTier: text('risk_tier', { enum: RISK_TIERS }).notNull(),
    targetStage: text('target_stage', { enum: PROMOTION_TARGETS }).notNull(),
    /** The version the change was proposed against: approving it is refused once another version is in force. */
    baseVersion: integer('base_version').notNull(),
    rules: text('rules', { mode: 'json' }).$type<PolicyRules>().notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: POLICY_PROPOSAL_STATUSES }).notNull().default('open'),
    proposedById: text('proposed_by_id').notNull().references(() => users.id),
    createdAt: createdAt(),
    decidedById: text('decided_by_id').references(() => users.id),
    decidedAt: text('decided_at'),
    decisionComment: text('decision_comment'),
    /** The policy version an approval wrote. */
    policyId: text('policy_id').references(() => promotionPolicies.id),
  },
  (t) => [
    uniqueIndex('policy_proposals_open_uq').on(t.riskTier, t.targetStage).where(sql`${t.status} = 'open'`),
    index('policy_proposals_policy_idx').on(t.policyId),
  ],
);

/** `superseded`: closed because its version changed stage (or was retired) while it was open; it can never be signed. */
export const REQUEST_STATUSES = ['open', 'approved', 'rejected', 'withdrawn', 'superseded'] as const;

/** Frozen canonical JSON of the AI Card and evidence at submission. Immutable (triggers). */
export const promotionSnapshots = sqliteTable('promotion_snapshots', {
  sha256: text('sha256').primaryKey(),
  canonicalJson: text('canonical_json').notNull(),
  createdAt: createdAt(),
});

export const promotionRequests = sqliteTable(
  'promotion_requests',
  {
    id: id(),
    modelVersionId: text('model_version_id')
      .notNull()
      .references(() => modelVersions.id),
    targetStage: text('target_stage', { enum: PROMOTION_TARGETS }).notNull(),
    /** The version's stage when the request was opened: the request is live only while the version is still there. */
    fromStage: text('from_stage', { enum: STAGES }),
    requesterId: text('requester_id')
      .notNull()
      .references(() => users.id),
    justification: text('justification').notNull(),
    policyId: text('policy_id')
      .notNull()
      .references(() => promotionPolicies.id),
    gateResult: text('gate_result', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    snapshotSha256: text('snapshot_sha256')
      .notNull()
      .references(() => promotionSnapshots.sha256),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('open'),
    expeditedRollback: integer('expedited_rollback', { mode: 'boolean' }).notNull().default(false),
    closedAt: text('closed_at'),
    createdAt: createdAt(),
  },
  (t) => [index('promotion_requests_status_idx').on(t.status, t.createdAt), index('promotion_requests_version_idx').on(t.modelVersionId)],
);

export const SIGNATURE_DECISIONS = ['approve', 'reject'] as const;

/** Immutable (triggers). One per person per request. */
export const signatures = sqliteTable(
  'signatures',
  {
    id: id(),
    requestId: text('request_id')
      .notNull()
      .references(() => promotionRequests.id),
    signerId: text('signer_id')
      .notNull()
      .references(() => users.id),
    printedName: text('printed_name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    decision: text('decision', { enum: SIGNATURE_DECISIONS }).notNull(),
    meaning: text('meaning').notNull(),
    signedAt: text('signed_at').notNull(),
    snapshotSha256: text('snapshot_sha256').notNull(),
    comment: text('comment').notNull().default(''),
    /** What an approval depends on, as its signer stated it (and signed, in the meaning); empty: none. */
    conditions: text('conditions').notNull().default(''),
  },
  (t) => [
    uniqueIndex('signatures_request_signer_uq').on(t.requestId, t.signerId),
    uniqueIndex('signatures_request_role_uq').on(t.requestId, t.role, t.signerId),
  ],
);
