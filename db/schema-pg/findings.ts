import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { aiSystems } from './systems';
import { ROLES, users } from './users';
import { FINDING_TYPES, SEVERITIES, FINDING_STATUSES, FINDING_SUBJECTS, FINDING_SOURCES, WAIVER_PROPOSAL_STATUSES } from '../schema/findings';

export { FINDING_TYPES, type FindingType, HAND_RAISED_FINDING_TYPES, SEVERITIES, type Severity, FINDING_STATUSES, type FindingStatus, ACTIVE_FINDING_STATUSES, FINDING_SUBJECTS, type FindingSubject, FINDING_SOURCES, type FindingSource, WAIVER_PROPOSAL_STATUSES, type WaiverProposalStatus } from '../schema/findings';

export const findings = pgTable(
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
    // Each list order ends in rowid (migration 0002), which every SQLite index holds implicitly: the list's arms
    // (lib/findings/segmented-page.ts) then come out of their index in page order, with no sort.
    index('findings_status_due_idx').on(t.status, t.dueDate, sql`rowid`),
    index('findings_severity_idx').on(t.severity, t.status, t.dueDate, sql`rowid`),
    index('findings_subject_idx').on(t.subjectType, t.subjectId, t.status, t.severity),
    index('findings_system_idx').on(t.systemId, t.status),
    index('findings_owner_idx').on(t.ownerId, t.status, t.dueDate, sql`rowid`),
    index('findings_created_idx').on(t.createdAt, sql`rowid`),
    index('findings_type_idx').on(t.type, t.status, t.dueDate, sql`rowid`),
  ],
);

/**
 * An accepted risk: a signed policy exception with an expiry. The signing columns never change; `endedAt` is set
 * when it expires or a worse repeat exceeds it (the finding re-opens), or when the finding is closed.
 */
export const findingWaivers = pgTable(
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

/**
 * Accepting the risk of a finding that was ever critical takes two risk officers (four eyes): the first signs these
 * terms as a proposal, and the waiver comes into force only when a second one, who neither proposed it nor ever owned
 * the finding, signs its approval (`waiverId`, the waiver that approval wrote). The proposer's signed terms are
 * immutable (triggers); at most one proposal is open per finding. `void`: the finding was closed, or its title,
 * description or severity changed, while it was open.
 */
export const waiverProposals = pgTable(
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
