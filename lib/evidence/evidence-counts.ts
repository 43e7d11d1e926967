type Evidence = { status: string; artifactSha256: string };

/**
 * Why a record never counts, or null when it does (DESIGN 3 and 11): only an active record run on the version's own
 * bytes counts; retracted and superseded ones, and ones run on other bytes, stay visible and never count.
 */
export function whyEvidenceNeverCounts(evidence: Evidence, versionSha256: string): 'retracted' | 'superseded' | 'other bytes' | null {
  if (evidence.status === 'retracted' || evidence.status === 'superseded') return evidence.status;
  if (evidence.status !== 'active') return 'retracted';
  return evidence.artifactSha256 === versionSha256 ? null : 'other bytes';
}

export const evidenceCounts = (evidence: Evidence, versionSha256: string) => whyEvidenceNeverCounts(evidence, versionSha256) === null;
