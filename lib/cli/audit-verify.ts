import { missingAppendOnlyTriggers, postgresPool } from '@/db';
import { DIALECT } from '@/db/dialect';
import { missingAppendOnlyTriggersPg } from '@/db/postgres';
import { CouldNotCheck, openDatabaseReadOnly } from '@/lib/audit/read-only-database';
import { verifyAuditChain, type ChainVerification } from '@/lib/audit/verify-chain';
import { plural } from '@/lib/words';
import { databaseFile } from '@/lib/config';

/** Exit codes of `audit verify`, for scripts: intact (acknowledged breaks allowed), broken, or not checked at all. */
const AUDIT_VERIFY_EXIT = { intact: 0, broken: 1, couldNotCheck: 2 } as const;

function printAcknowledged(result: ChainVerification) {
  for (const b of result.acknowledgedBreaks) {
    console.log(`Acknowledged break at sequence ${b.seq} (${b.reason}): by ${b.acknowledgedBy} at ${b.acknowledgedAt} in event ${b.acknowledgedSeq}, because: ${JSON.stringify(b.acknowledgedReason)}`);
  }
}

async function check(file: string) {
  const { sqlite, cleanUp } = openDatabaseReadOnly(file);
  try {
    return { result: await verifyAuditChain(sqlite), missing: missingAppendOnlyTriggers(sqlite) };
  } catch (error) {
    const message = (error as Error).message;
    throw new CouldNotCheck(/no such (table|column)/.test(message) ? `${file} is not a Provenant database (${message}).` : `Cannot read the audit trail in ${file}: ${message}`);
  } finally {
    sqlite.close();
    cleanUp();
  }
}

/**
 * PostgreSQL: the chain up to the head seen at the start (its rows never change, so no snapshot is needed, and a long
 * one is split between worker threads), and the triggers as the server sees them.
 */
async function checkPostgres() {
  try {
    return { result: await verifyAuditChain(), missing: await missingAppendOnlyTriggersPg(postgresPool()) };
  } catch (error) {
    throw new CouldNotCheck(`Cannot read the audit trail in the PostgreSQL database: ${(error as Error).message}`);
  }
}

/**
 * Verifies the chain of the database in DATA_DIR (or DATABASE_URL's PostgreSQL database), opened read-only: it changes nothing, so it runs beside the
 * server and on a read-only copy; the append-only triggers are reported, not required, since an auditor must be
 * able to check a file that was tampered with.
 */
export async function runAuditVerify(): Promise<number> {
  // Lets SQLite open a file URI (immutable=1); read when better-sqlite3 loads, so before any database is opened.
  process.env.SQLITE_USE_URI = '1';
  const file = databaseFile();
  let checked: Awaited<ReturnType<typeof check>>;
  try {
    checked = DIALECT === 'postgresql' ? await checkPostgres() : await check(file);
  } catch (error) {
    console.error(`Could not check the audit trail: ${error instanceof CouldNotCheck ? error.message : String(error)}`);
    return AUDIT_VERIFY_EXIT.couldNotCheck;
  }
  const { result, missing } = checked;
  printAcknowledged(result);
  if (missing.length > 0) console.error(`Append-only triggers missing: ${missing.join(', ')}`);
  if (!result.ok) {
    console.error(`Audit chain BROKEN at sequence ${result.firstBrokenSeq}: ${result.reason}`);
    console.log(`first_broken_seq=${result.firstBrokenSeq}`);
    return AUDIT_VERIFY_EXIT.broken;
  }
  const acknowledged = result.acknowledgedBreaks.length ? `, ${plural(result.acknowledgedBreaks.length, 'acknowledged break')}` : '';
  console.log(`Audit chain intact: ${result.count} events${acknowledged}; head seq=${result.head?.seq ?? 0} hash=${result.head?.hash ?? '-'}`);
  return missing.length > 0 ? AUDIT_VERIFY_EXIT.broken : AUDIT_VERIFY_EXIT.intact;
}
