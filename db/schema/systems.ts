import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, updatedAt } from './columns';
import { users } from './users';
import { RISK_TIERS, type RiskTier, LIFECYCLE_STATUSES, type LifecycleStatus } from './vocabulary';

export { RISK_TIERS, type RiskTier, LIFECYCLE_STATUSES, type LifecycleStatus };

export const aiSystems = sqliteTable(
  'ai_systems',
  {
    id: id(),
    name: text('name').notNull(),
    purpose: text('purpose').notNull(),
    intendedUse: text('intended_use').notNull().default(''),
    outOfScopeUses: text('out_of_scope_uses').notNull().default(''),
    businessOwner: text('business_owner').notNull().default(''),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    riskTier: text('risk_tier', { enum: RISK_TIERS }).notNull(),
    generalPurposeModel: integer('general_purpose_model', { mode: 'boolean' }).notNull().default(false),
    /** The classification questionnaire's answers and the tier it proposed, kept for audit. */
    riskRationale: text('risk_rationale', { mode: 'json' }).$type<Record<string, unknown> | null>(),
    lifecycleStatus: text('lifecycle_status', { enum: LIFECYCLE_STATUSES }).notNull().default('planned'),
    deploymentContext: text('deployment_context').notNull().default(''),
    humanOversight: text('human_oversight').notNull().default(''),
    personalData: integer('personal_data', { mode: 'boolean' }).notNull().default(false),
    nextReviewDate: text('next_review_date'),
    thirdParty: integer('third_party', { mode: 'boolean' }).notNull().default(false),
    vendorName: text('vendor_name'),
    vendorContract: text('vendor_contract'),
    vendorDataShared: text('vendor_data_shared'),
    /** Narrative card fields, kept current by the owners. */
    limitations: text('limitations').notNull().default(''),
    ethicalConsiderations: text('ethical_considerations').notNull().default(''),
    recommendations: text('recommendations').notNull().default(''),
    /** Who confirmed the risk tier (a risk officer who does not own the system), and when; cleared when it changes. */
    tierConfirmedById: text('tier_confirmed_by_id').references(() => users.id),
    tierConfirmedAt: text('tier_confirmed_at'),
    /** When the tier was last classified, or what it was judged on changed: an unconfirmed tier waits since then. */
    tierAssessedAt: text('tier_assessed_at'),
    retiredAt: text('retired_at'),
    createdById: text('created_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('ai_systems_tier_idx').on(t.riskTier, t.name),
    index('ai_systems_status_idx').on(t.lifecycleStatus, t.name),
    index('ai_systems_owner_idx').on(t.ownerId, t.name),
    index('ai_systems_name_idx').on(t.name),
    index('ai_systems_updated_idx').on(t.updatedAt),
    index('ai_systems_review_idx').on(t.nextReviewDate),
  ],
);
