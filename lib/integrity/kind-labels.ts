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
