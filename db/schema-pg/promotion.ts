import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';
import { modelVersions, STAGES } from './models';
import { RISK_TIERS } from './systems';
import { ROLES, users } from './users';
import { POLICY_PROPOSAL_STATUSES, PROMOTION_TARGETS, type PolicyRules, REQUEST_STATUSES, SIGNATURE_DECISIONS } from '../schema/promotion';

export { type MonitoringRule, POLICY_PROPOSAL_STATUSES, PROMOTION_TARGETS, type PromotionTarget, type PolicyRules, REQUEST_STATUSES, SIGNATURE_DECISIONS } from '../schema/promotion';

/** Each edit writes a new row with the next version; requests point at the exact row they were gated by. */
export const promotionPolicies = pgTable(
  'promotion_policies',
  {
    id: id(),
    riskTier: text('risk_tier', { enum: RISK_TIERS }).notNull(),
    targetStage: text('target_stage', { enum: PROMOTION_TARGETS }).notNull(),
    version: integer('version').notNull(),
    rules: jsonb('rules').$type<PolicyRules>().notNull(),
    createdById: text('created_by_id').references(() => users.id),
    /** Why the version was written, as its author said (required since policy changes were asked a reason; null before). */
    changeReason: text('change_reason'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('promotion_policies_uq').on(t.riskTier, t.targetStage, t.version)],
);

/**
 * A change to a promotion policy proposed by an administrator, in force only once a risk officer other than the
 * proposer approves it with their password (four eyes). At most one is open per policy.
 */
export const policyProposals = pgTable(
  'policy_proposals',
  {
    id: id(),
    riskTier: text('risk_tier', { enum: RISK_TIERS }).notNull(),
    targetStage: text('target_stage', { enum: PROMOTION_TARGETS }).notNull(),
    /** The version the change was proposed against: approving it is refused once another version is in force. */
    baseVersion: integer('base_version').notNull(),
    rules: jsonb('rules').$type<PolicyRules>().notNull(),
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

/** Frozen canonical JSON of the AI Card and evidence at submission. Immutable (triggers). */
export const promotionSnapshots = pgTable('promotion_snapshots', {
  sha256: text('sha256').primaryKey(),
  canonicalJson: text('canonical_json').notNull(),
  createdAt: createdAt(),
});

export const promotionRequests = pgTable(
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
    gateResult: jsonb('gate_result').$type<Record<string, unknown>>().notNull(),
    snapshotSha256: text('snapshot_sha256')
      .notNull()
      .references(() => promotionSnapshots.sha256),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('open'),
    expeditedRollback: boolean('expedited_rollback').notNull().default(false),
    closedAt: text('closed_at'),
    createdAt: createdAt(),
  },
  (t) => [index('promotion_requests_status_idx').on(t.status, t.createdAt), index('promotion_requests_version_idx').on(t.modelVersionId)],
);

/** Immutable (triggers). One per person per request. */
export const signatures = pgTable(
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
