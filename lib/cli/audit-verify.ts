import { missingAppendOnlyTriggers, openDatabase } from '@/db';
import { verifyAuditChain } from '@/lib/audit/verify-chain';

/** Opens the database even without its triggers: an auditor must be able to check a file that was tampered with. */
export function runAuditVerify(): number {
  const { sqlite } = openDatabase({ requireTriggers: false });
  const missing = missingAppendOnlyTriggers(sqlite);
  const result = verifyAuditChain(sqlite);
  sqlite.close();
  if (missing.length > 0) console.error(`Append-only triggers missing: ${missing.join(', ')}`);
  if (!result.ok) {
    console.error(`Audit chain BROKEN at sequence ${result.firstBrokenSeq}: ${result.reason}`);
    console.log(`first_broken_seq=${result.firstBrokenSeq}`);
    return 1;
  }
  console.log(`Audit chain intact: ${result.count} events; head seq=${result.head?.seq ?? 0} hash=${result.head?.hash ?? '-'}`);
  return missing.length > 0 ? 1 : 0;
}
