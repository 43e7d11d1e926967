import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, updatedAt } from './columns';
import { API_TOKEN_SCOPES, type ApiTokenScope, CONFIRMED_ROLES, PASSWORD_SETTERS, type PasswordSetter, ROLE_GRANT_REASONS, ROLE_GRANT_STATUSES, ROLES, type Role } from './vocabulary';

export { API_TOKEN_SCOPES, type ApiTokenScope, CONFIRMED_ROLES, PASSWORD_SETTERS, type PasswordSetter, ROLE_GRANT_REASONS, ROLE_GRANT_STATUSES, ROLES, type Role };

export const users = sqliteTable('users', {
  id: id(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  /** `admin` or `operator`: a temporary password someone else chose; the person must choose their own before anything else. */
  passwordSetBy: text('password_set_by', { enum: PASSWORD_SETTERS }).notNull().default('self'),
  passwordChangedAt: text('password_changed_at'),
  lastSignInAt: text('last_sign_in_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const userRoles = sqliteTable(
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
export const userEmails = sqliteTable(
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

/**
 * A signing or administering role an administrator gave in the browser: in force (a user_roles row) once someone
 * else who holds that role confirms it. One pending grant per person and role.
 */
export const roleGrants = sqliteTable(
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
export const signInThrottle = sqliteTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: integer('window_started_at').notNull(),
  lockedUntil: integer('locked_until'),
});

/** One row per sign-in: the session cookie names it, and a session counts only while its row is not ended. */
export const userSessions = sqliteTable(
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

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    scopes: text('scopes', { mode: 'json' }).$type<ApiTokenScope[]>().notNull(),
    secretSha256: text('secret_sha256').notNull().unique(),
    prefix: text('prefix').notNull(),
    expiresAt: text('expires_at'),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);
