import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, updatedAt } from './columns';
import { aiSystems } from './systems';
import { ROLES, users } from './users';
import { SEVERITIES, type Severity } from './vocabulary';

export { SEVERITIES, type Severity };

/** `approval_condition`: a condition a signer attached to an approval, tracked to closure; only an approval raises one. */
export const FINDING_TYPES = ['validation_issue', 'policy_exception', 'limitation', 'monitoring_breach', 'vulnerability', 'red_team_result', 'incident', 'audit_finding', 'approval_condition'] as const;
export type FindingType = (typeof FINDING_TYPES)[number];
/** The types a person (or a pipeline's token) may raise by hand. */
export const HAND_RAISED_FINDING_TYPES = FINDING_TYPES.filter((type) => type !== 'approval_condition');

/** open → in_remediation → ready_for_validation → closed; or accepted (a signed waiver) or invalid. */
export const FINDING_STATUSES = ['open', 'in_remediation', 'ready_for_validation', 'closed', 'accepted', 'invalid'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
/** Statuses in which a finding still needs work (and blocks the gate when high or critical). */
export const ACTIVE_FINDING_STATUSES = ['open', 'in_remediation', 'ready_for_validation'] as const satisfies readonly FindingStatus[];

export const FINDING_SUBJECTS = ['system', 'model_version', 'dataset_version'] as const;
export type FindingSubject = (typeof FINDING_SUBJECTS)[number];

export const FINDING_SOURCES = ['manual', 'monitoring', 'gate', 'tool', 'integrity', 'approval'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

export const findings = sqliteTable(
  'findings',
  {
    id: id(),
    /** Human reference, F-1, F-2 ...: allocated in the creating transaction. */
    number: integer('number').notNull().unique(),
    type: text('type', { enum: FINDING_TYPES }).notNull(),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    status: text('status', { enum: FINDING_STATUSES }).notNull().default('open'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    remediationPlan: text('remediation_plan').notNull().default(''),
    subjectType: text('subject_type', { enum: FINDING_SUBJECTS }).notNull(),
    subjectId: text('subject_id').notNull(),
    /** The system the subject belongs to (a dataset version's: null), for lists, owners and reviews. */
    systemId: text('system_id').references(() => aiSystems.id),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    /** ISO date (YYYY-MM-DD) from the policy's deadline for the severity. */
    dueDate: text('due_date').notNull(),
    source: text('source', { enum: FINDING_SOURCES }).notNull().default('manual'),
    /** Identifies a recurring problem (a monitoring rule on a version): a repeat updates the active finding. */
    dedupeKey: text('dedupe_key'),
    occurrences: integer('occurrences').notNull().default(1),
    lastSeenAt: text('last_seen_at').notNull(),
    raisedById: text('raised_by_id').references(() => users.id),
    closedAt: text('closed_at'),
    closedById: text('closed_by_id').references(() => users.id),
    closureEvidence: text('closure_evidence'),
    /** Re-authenticated closure of a high or critical finding: "I attest ...", the role signed as, and when. */
    closureMeaning: text('closure_meaning'),
    closureRole: text('closure_role', { enum: ROLES }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('findings_active_dedupe_uq')
      .on(t.dedupeKey)
      .where(sql`${t.dedupeKey} IS NOT NULL AND ${t.status} IN ('open', 'in_remediation', 'ready_for_validation', 'accepted')`),
    index('findings_status_due_idx').on(t.status, t.dueDate),
    index('findings_severity_idx').on(t.severity, t.status, t.dueDate),
    index('findings_subject_idx').on(t.subjectType, t.subjectId, t.status, t.severity),
    index('findings_system_idx').on(t.systemId, t.status),
    index('findings_owner_idx').on(t.ownerId, t.status, t.dueDate),
    index('findings_created_idx').on(t.createdAt),
    index('findings_type_idx').on(t.type, t.status, t.dueDate),
  ],
);

/**
 * An accepted risk: a signed policy exception with an expiry. The signing columns never change; `endedAt` is set
 * when it expires or a worse repeat exceeds it (the finding re-opens), or when the finding is closed.
 */
export const findingWaivers = sqliteTable(
  'finding_waivers',
  {
    id: id(),
    findingId: text('finding_id')
      .notNull()
      .references(() => findings.id),
    justification: text('justification').notNull(),
    compensatingControls: text('compensating_controls').notNull(),
    expiresAt: text('expires_at').notNull(),
    signerId: text('signer_id')
      .notNull()
      .references(() => users.id),
    printedName: text('printed_name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    meaning: text('meaning').notNull(),
    signedAt: text('signed_at').notNull(),
    endedAt: text('ended_at'),
    endedReason: text('ended_reason', { enum: ['expired', 'finding_closed', 'exceeded'] }),
  },
  (t) => [index('finding_waivers_finding_idx').on(t.findingId), index('finding_waivers_expiry_idx').on(t.endedAt, t.expiresAt)],
);

/** How a proposal to accept a finding's risk ended (see waiverProposals). */
export const WAIVER_PROPOSAL_STATUSES = ['open', 'approved', 'declined', 'withdrawn', 'void'] as const;
export type WaiverProposalStatus = (typeof WAIVER_PROPOSAL_STATUSES)[number];

/**
 * Accepting the risk of a finding that was ever critical takes two risk officers (four eyes): the first signs these
 * terms as a proposal, and the waiver comes into force only when a second one, who neither proposed it nor ever owned
 * the finding, signs its approval (`waiverId`, the waiver that approval wrote). The proposer's signed terms are
 * immutable (triggers); at most one proposal is open per finding. `void`: the finding was closed, or its title,
 * description or severity changed, while it was open.
 */
export const waiverProposals = sqliteTable(
  'waiver_proposals',
  {
    id: id(),
    findingId: text('finding_id')
      .notNull()
      .references(() => findings.id),
    justification: text('justification').notNull(),
    compensatingControls: text('compensating_controls').notNull(),
    /** The day the waiver would end, at 00:00 UTC (YYYY-MM-DD), as proposed. */
    expiresOn: text('expires_on').notNull(),
    proposedById: text('proposed_by_id')
      .notNull()
      .references(() => users.id),
    printedName: text('printed_name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    meaning: text('meaning').notNull(),
    signedAt: text('signed_at').notNull(),
    status: text('status', { enum: WAIVER_PROPOSAL_STATUSES }).notNull().default('open'),
    decidedById: text('decided_by_id').references(() => users.id),
    decidedAt: text('decided_at'),
    /** Why it was declined, in the decider's words, or why it became void. */
    decisionReason: text('decision_reason'),
    waiverId: text('waiver_id').references(() => findingWaivers.id),
  },
  (t) => [uniqueIndex('waiver_proposals_open_uq').on(t.findingId).where(sql`${t.status} = 'open'`), index('waiver_proposals_finding_idx').on(t.findingId)],
);
