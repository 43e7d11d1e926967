import { verifyStore, verifyStoreManifest } from '@/lib/storage/verify-store';

/**
 * `verify-store [--manifest FILE]`: exit 0 when every named file is in the blob store with its digest, 1 when some
 * are not, 2 when it could not check. Without --manifest the database names the files; with it, a backup's list.
 */
export async function runVerifyStore(manifest?: string): Promise<number> {
  let result;
  try {
    result = manifest ? await verifyStoreManifest(manifest) : await verifyStore();
  } catch (error) {
    console.error(`Could not check the store: ${error instanceof Error ? error.message : error}`);
    return 2;
  }
  for (const problem of result.problems) console.error(`${problem.path}: ${problem.problem} (${problem.namedBy})`);
  if (result.problems.length > 0) {
    console.error(`Store BROKEN: ${result.problems.length} of ${result.checked} referenced files missing or altered.`);
    return 1;
  }
  console.log(`Store intact: ${result.checked} referenced files present with their SHA-256.`);
  return 0;
}
