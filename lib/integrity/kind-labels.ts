/** One name for each integrity problem, wherever it is shown (dashboard, lineage, cards). */
export const INTEGRITY_PROBLEM_LABELS: Record<string, string> = {
  digest_mismatch: 'Digest mismatch',
  untracked_model: 'Untracked model',
  blob_rehash: 'Stored bytes altered',
  blob_missing: 'Stored bytes missing',
};

/** A deployment's open flag: it runs bytes other than its version's, or bytes of no registered version. */
export const deploymentProblemLabel = (modelVersionId: string | null) => INTEGRITY_PROBLEM_LABELS[modelVersionId ? 'digest_mismatch' : 'untracked_model']!;

/** The name of an integrity check's kind; an unknown kind reads as itself in words. */
export const integrityProblemLabel = (kind: string) => INTEGRITY_PROBLEM_LABELS[kind] ?? kind.replaceAll('_', ' ');

/** What a check did, whatever it found (a record of checks lists the passed ones too): the result says the rest. */
const INTEGRITY_CHECK_NAMES: Record<string, string> = {
  blob_rehash: 'Stored bytes re-hashed',
  blob_missing: 'Stored bytes re-hashed',
  digest_match: 'Running digest compared',
  digest_mismatch: 'Running digest compared',
  untracked_model: 'Running digest looked up',
};
export const integrityCheckName = (kind: string) => INTEGRITY_CHECK_NAMES[kind] ?? kind.replaceAll('_', ' ');

/** The stages whose versions an environment may run: production only the version in production; staging one that reached staging. */
export const APPROVED_STAGES: Record<'production' | 'staging', readonly ('staging' | 'production')[]> = { production: ['production'], staging: ['staging', 'production'] };

/**
 * Why an endpoint's version is not one approved for its environment (a production service still running the version
 * its successor archived), or null: the bytes may match the version and the version still not be the approved one.
 */
export function deploymentStageProblem(environment: string, versionStage: string | null) {
  if (!versionStage || (APPROVED_STAGES[environment as keyof typeof APPROVED_STAGES] ?? []).includes(versionStage as 'staging')) return null;
  return versionStage === 'archived' ? `Archived: no longer the approved ${environment} version` : `In ${versionStage}: not approved for ${environment}`;
}
