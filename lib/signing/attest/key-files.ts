import 'server-only';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { rawArrays } from '@/db/raw';
import { dataDir } from '@/lib/config';
import { asStorageError, fsyncDirs, fsyncPath } from '@/lib/storage/durable-files';

/** Private keys live in DATA_DIR/keys/<keyId>.pem, readable by the server's user only; backups copy the folder. */
export const keysDir = () => path.join(dataDir(), 'keys');
export const keyFilePath = (keyId: string) => path.join(keysDir(), `${keyId}.pem`);

/** The key id cosign and Sigstore clients can recompute: hex SHA-256 of the public key's SubjectPublicKeyInfo DER. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export type NewKey = { keyId: string; publicKeyPem: string; file: string };

/** A fresh ECDSA P-256 key, its private half written atomically with mode 0600 before any row names it. */
export async function writeNewKeyFile(): Promise<NewKey> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyId = keyIdOf(publicKey);
  const file = keyFilePath(keyId);
  const partial = `${file}.partial`;
  try {
    fs.mkdirSync(keysDir(), { recursive: true, mode: 0o700 });
    fs.writeFileSync(partial, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    await fsyncPath(partial);
    fs.renameSync(partial, file);
    await fsyncDirs(keysDir(), dataDir());
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw asStorageError(error);
  }
  return { keyId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), file };
}

export class SigningKeyMissing extends Error {}

/** The private key of `keyId`, refused when the file is gone or holds another key: a signature must never change identity silently. */
export function readPrivateKey(keyId: string): KeyObject {
  const file = keyFilePath(keyId);
  if (!fs.existsSync(file)) {
    throw new SigningKeyMissing(
      `The private key of Provenant's active signing key ${keyId} is missing (${file}). Restore DATA_DIR/keys/ from the backup of DATA_DIR; if the key is lost, run "npm run cli -- signing-key rotate" to retire it and create a new one (what it signed still verifies with its public key, listed at /api/v1/signing-keys).`,
    );
  }
  const privateKey = createPrivateKey(fs.readFileSync(file));
  if (keyIdOf(createPublicKey(privateKey)) !== keyId) throw new SigningKeyMissing(`${file} does not hold the private key of signing key ${keyId}: restore the right file from the backup of DATA_DIR.`);
  return privateKey;
}

/**
 * The signing keys a database names: in the current transaction (a PostgreSQL backup's exported snapshot), or in the
 * given SQLite handle (a backup reads its own copy, not the live file).
 */
export async function signingKeysIn(sqlite?: Database.Database) {
  const rows = await rawArrays<[keyId: string, active: boolean | number]>(sql`SELECT key_id, retired_at IS NULL FROM signing_keys ORDER BY key_id`, sqlite);
  return rows.map(([keyId, active]) => ({ keyId, active: Boolean(active) }));
}
