/** A signature's status as stored at upload, and as verified again now against the current trust configuration. */
type Stored = { status: 'verified' | 'failed'; signerIdentity: string | null; trustConfigVersion: number | null };
type Now = { problem: string | null; signerIdentity: string | null; reason: string; trustConfigVersion: number | null };

const trustName = (version: number | null) => `trust configuration (${version === null ? 'none saved yet' : `version ${version}`})`;

/** The version page's headline: what counts is today's verification; the upload-time status is said only when they differ. */
export function describeSignatureNow(stored: Stored, now: Now): { verifiedNow: boolean; text: string } {
  const signer = now.signerIdentity ?? stored.signerIdentity;
  const who = signer ? `signed by ${signer}` : 'no trusted signer';
  if (!now.problem) return { verifiedNow: true, text: `Latest: ${who}, verified now against the current ${trustName(now.trustConfigVersion)}.` };
  const atUpload = stored.status === 'verified' ? `verified at upload against the ${trustName(stored.trustConfigVersion)}; ` : '';
  return { verifiedNow: false, text: `Latest: ${who}, ${atUpload}does not verify against the current ${trustName(now.trustConfigVersion)}: ${now.reason}` };
}
