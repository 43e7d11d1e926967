import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id } from './columns';
import { aiSystems } from './systems';
import { ROLES, users } from './users';

export const REVIEW_OUTCOMES = ['continue', 'continue_with_conditions', 'restrict', 'retire'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export const REVIEW_TRIGGER_REASONS = ['new_upstream_dataset', 'waiver_expired', 'critical_finding', 'policy_changed', 'serious_incident'] as const;
export type ReviewTriggerReason = (typeof REVIEW_TRIGGER_REASONS)[number];

/** Something that makes a system's review due now; resolved by the next signed review of that system. */
export const reviewTriggers = sqliteTable(
  'review_triggers',
  {
    id: id(),
    systemId: text('system_id')
      .notNull()
      .references(() => aiSystems.id),
    reason: text('reason', { enum: REVIEW_TRIGGER_REASONS }).notNull(),
    detail: text('detail').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    createdAt: createdAt(),
    /** ISO date the triggered review must be signed by: the raise day plus the window of the tier's production policy then in force. */
    dueBy: text('due_by'),
    resolvedByReviewId: text('resolved_by_review_id'),
  },
  (t) => [index('review_triggers_system_idx').on(t.systemId, t.resolvedByReviewId)],
);

/** A signed attestation (risk officer, re-authenticated) over a frozen snapshot of the system's state. Immutable. */
export const reviews = sqliteTable(
  'reviews',
  {
    id: id(),
    systemId: text('system_id')
      .notNull()
      .references(() => aiSystems.id),
    kind: text('kind', { enum: ['periodic', 'triggered'] }).notNull(),
    outcome: text('outcome', { enum: REVIEW_OUTCOMES }).notNull(),
    conditions: text('conditions').notNull().default(''),
    /** Canonical JSON of the card, findings and monitoring state, stored in promotion_snapshots by its SHA-256. */
    snapshotSha256: text('snapshot_sha256').notNull(),
    /** The review date that was due when it was signed, and the next one it set. */
    dueDate: text('due_date'),
    nextReviewDate: text('next_review_date').notNull(),
    signerId: text('signer_id')
      .notNull()
      .references(() => users.id),
    printedName: text('printed_name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    meaning: text('meaning').notNull(),
    signedAt: text('signed_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('reviews_system_idx').on(t.systemId, t.signedAt)],
);
