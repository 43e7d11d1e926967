import { parseArgs } from 'node:util';
import { databaseReady } from '@/db';
import { DIALECT } from '@/db/dialect';
import { runArtifactsRescan } from './artifacts-rescan';
import { runAuditVerify } from './audit-verify';
import { runDbBackup, runDbMigrate } from './db';
import { runMlflowReconcile } from './mlflow-reconcile';
import { runOversightTickCommand } from './oversight-tick';
import { runSeed } from './seed';
import { runSigningKeyRotate } from './signing-key-rotate';
import { runTokenCreate } from './token-create';
import { runUserCreate } from './user-create';
import { runUserGrant } from './user-grant';
import { runUserPassword } from './user-password';
import { runVerifyStore } from './verify-store';

const USAGE = `Usage: npm run cli -- <command>
  user create --email E --name N --role R [--role R2] --password-stdin
  user grant --email E --role R [--role R2]
                         (gives an existing account roles at once: how a role no one else holds to confirm comes to be; audited)
  user password --email E --password-stdin
                         (a temporary password for an existing account, which its owner replaces at the next sign-in; audited)
  token create --email E --name N --scope S [--scope S2] [--expires-days D]
  audit verify           (read-only; exit 0 intact, 1 broken, 2 could not check)
  db migrate
  db backup DIR          (database, referenced blobs and pack files or, with BLOB_STORE=s3://..., their list; session secret, signing keys, MANIFEST)
  artifacts rescan       (scans again every stored artifact whose verdict comes from an older scanner; audited)
  verify-store [--manifest FILE]
                         (every file the database names, or a backup's STORE-MANIFEST.json lists, is in the blob store
                          with its SHA-256: exit 0, 1 broken, 2 could not check)
  oversight tick         (once, what the server does every 15 s: re-opens findings whose waiver expired, sends due webhooks)
  signing-key rotate     (retires Provenant's signing key, which keeps verifying what it signed, and creates a new one; audited)
  pack run ID            (as "npm run pack:run -- ID": generates a queued evidence pack; the server spawns it)
  mlflow reconcile --url URL [--token-stdin] [--dry-run]
                         (imports MLflow's registry over its REST API and prints what differed; token from MLFLOW_TRACKING_TOKEN or stdin)
  seed --demo`;

const OPTIONS = {
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string', multiple: true },
  scope: { type: 'string', multiple: true },
  'expires-days': { type: 'string' },
  'password-stdin': { type: 'boolean' },
  demo: { type: 'boolean' },
  url: { type: 'string' },
  'token-stdin': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  manifest: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: OPTIONS, allowPositionals: true });
  const command = positionals.slice(0, 2).join(' ');
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  // PostgreSQL: the schema is migrated (under the replicas' lock) before a command touches it; SQLite migrates the
  // file as it opens it, except where a command opens it read-only on purpose (audit verify).
  if (DIALECT === 'postgresql') await databaseReady();
  switch (command) {
    case 'user create':
      return runUserCreate(values);
    case 'user password':
      return await runUserPassword(values);
    case 'user grant':
      return await runUserGrant(values);
    case 'token create':
      return await runTokenCreate(values);
    case 'audit verify':
      return await runAuditVerify();
    case 'db migrate':
      return await runDbMigrate();
    case 'db backup':
      return runDbBackup(positionals[2]);
    case 'verify-store':
      return runVerifyStore(values.manifest);
    case 'artifacts rescan':
      return runArtifactsRescan();
    case 'mlflow reconcile':
      return runMlflowReconcile(values);
    case 'oversight tick':
      return runOversightTickCommand();
    case 'signing-key rotate':
      return await runSigningKeyRotate();
    case 'pack run':
      // Loaded only here: the PDF renderer needs React's client build (see pack-runtime.mjs and `npm run pack:run`).
      return (await import('./pack-run')).runPackRun(positionals[2]);
    default:
      if (positionals[0] === 'seed') return runSeed(values);
      console.error(`Unknown command "${positionals.join(' ')}".\n${USAGE}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
