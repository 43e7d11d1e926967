import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { PASSWORD_SETTERS, ROLE_GRANT_REASONS, ROLE_GRANT_STATUSES, ROLES, type ApiTokenScope } from '../schema/users';

export { ROLES, type Role, API_TOKEN_SCOPES, type ApiTokenScope, PASSWORD_SETTERS, type PasswordSetter, CONFIRMED_ROLES, ROLE_GRANT_REASONS, ROLE_GRANT_STATUSES } from '../schema/users';

export const users = pgTable('users', {
  id: id(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  disabled: boolean('disabled').notNull().default(false),
  /** `admin` or `operator`: a temporary password someone else chose; the person must choose their own before anything else. */
  passwordSetBy: text('password_set_by', { enum: PASSWORD_SETTERS }).notNull().default('self'),
  passwordChangedAt: text('password_changed_at'),
  lastSignInAt: text('last_sign_in_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const userRoles = pgTable(
  'user_roles',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

/**
 * Every address a person has held, the current one included. An address names one person for good: the audit trail's
 * labels and the classifications that store who made them by email never come to point at someone else.
 */
export const userEmails = pgTable(
  'user_emails',
  {
    email: text('email').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** When the person took this address. */
    since: text('since').notNull(),
  },
  (t) => [index('user_emails_user').on(t.userId)],
);

export const roleGrants = pgTable(
  'role_grants',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: ROLES }).notNull(),
    status: text('status', { enum: ROLE_GRANT_STATUSES }).notNull().default('pending'),
    /**
     * `given`: an administrator gave the role; `password_reset`: the person held it until an administrator reset their
     * password; `reenabled`: the person held it until they were disabled, and an administrator enabled them again;
     * `upgrade`: the person held it with a password an administrator chose before own passwords, and replaced it.
     */
    reason: text('reason', { enum: ROLE_GRANT_REASONS }).notNull().default('given'),
    grantedById: text('granted_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    decidedById: text('decided_by_id').references(() => users.id),
    decidedAt: text('decided_at'),
    decisionComment: text('decision_comment'),
  },
  (t) => [
    uniqueIndex('role_grants_pending_uq').on(t.userId, t.role).where(sql`${t.status} = 'pending'`),
    index('role_grants_status_idx').on(t.status),
  ],
);

/** Failed sign-ins per key (email or client address), for throttling. */
export const signInThrottle = pgTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: bigint('window_started_at', { mode: 'number' }).notNull(),
  lockedUntil: bigint('locked_until', { mode: 'number' }),
});

/** One row per sign-in: the session cookie names it, and a session counts only while its row is not ended. */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: text('expires_at').notNull(),
    endedAt: text('ended_at'),
    /** `signed_out`, `user_disabled` ... */
    endedReason: text('ended_reason'),
  },
  (t) => [index('user_sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    scopes: jsonb('scopes').$type<ApiTokenScope[]>().notNull(),
    secretSha256: text('secret_sha256').notNull().unique(),
    prefix: text('prefix').notNull(),
    expiresAt: text('expires_at'),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);
