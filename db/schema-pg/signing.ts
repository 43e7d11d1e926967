import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';
import { blobs } from './artifacts';
import { modelVersions } from './models';
import { users } from './users';
import { type TrustConfiguration, SIGNATURE_VERIFICATION_STATUSES } from '../schema/signing';

export { type TrustedKey, type TrustedAuthority, type TrustConfiguration, SIGNATURE_VERIFICATION_STATUSES, type SignatureVerificationStatus } from '../schema/signing';

/** Each edit writes the next version; a signature's verification names the version it was checked against. Immutable. */
export const trustConfigs = pgTable(
  'trust_configs',
  {
    id: id(),
    version: integer('version').notNull(),
    config: jsonb('config').$type<TrustConfiguration>().notNull(),
    createdById: text('created_by_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('trust_configs_version_uq').on(t.version)],
);

/** An OpenSSF model-signing bundle attached to a model version, with the outcome of its verification at upload. Immutable. */
export const modelSignatures = pgTable(
  'model_signatures',
  {
    id: id(),
    modelVersionId: text('model_version_id')
      .notNull()
      .references(() => modelVersions.id),
    bundleSha256: text('bundle_sha256')
      .notNull()
      .references(() => blobs.sha256),
    status: text('status', { enum: SIGNATURE_VERIFICATION_STATUSES }).notNull(),
    /** The key id or certificate identity that signed, when verification got that far. */
    signerIdentity: text('signer_identity'),
    /** Every file the statement lists, with its signed SHA-256. */
    signedFiles: jsonb('signed_files').$type<{ name: string; sha256: string }[]>().notNull().default([]),
    trustConfigVersion: integer('trust_config_version'),
    reason: text('reason').notNull().default(''),
    createdById: text('created_by_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('model_signatures_version_idx').on(t.modelVersionId, t.createdAt)],
);

/** Provenant's own ECDSA P-256 keys for signing what it hands out; the private key stays in a file under DATA_DIR. */
export const signingKeys = pgTable('signing_keys', {
  /** Hex SHA-256 of the public key's SubjectPublicKeyInfo DER. */
  keyId: text('key_id').primaryKey(),
  publicKeyPem: text('public_key_pem').notNull(),
  createdAt: createdAt(),
  /** Set when a rotation replaced it: it still verifies what it signed, it signs nothing new. */
  retiredAt: text('retired_at'),
});
