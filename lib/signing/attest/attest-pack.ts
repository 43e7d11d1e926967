import 'server-only';
import { ensureSigningKey } from './ensure-signing-key';
import { signStatement } from './sign-statement';
import { inTotoStatement, PACK_PREDICATE_TYPE } from './statement';
import { PACK_PUBLIC_KEY_FILE, verifyInstructions } from './verify-instructions';

type Sum = { path: string; sha256: string };

/**
 * What a pack needs to be verified without Provenant: VERIFY.md and the public key (listed in SHA256SUMS like any
 * file), and a signer for the bundle whose subjects are every file of SHA256SUMS and SHA256SUMS itself. One key for
 * all three, even if a rotation happens meanwhile.
 */
export async function packAttestation() {
  const key = await ensureSigningKey();
  return {
    files: [
      ['VERIFY.md', Buffer.from(verifyInstructions(key.keyId))],
      [PACK_PUBLIC_KEY_FILE, Buffer.from(key.publicKeyPem)],
    ] as [string, Buffer][],
    async sign(sums: Sum[], predicate: Record<string, unknown>): Promise<Buffer> {
      const subject = [...sums].sort((a, b) => (a.path < b.path ? -1 : 1)).map((s) => ({ name: s.path, digest: { sha256: s.sha256 } }));
      return Buffer.from(`${JSON.stringify(await signStatement(inTotoStatement(subject, PACK_PREDICATE_TYPE, predicate), key), null, 2)}\n`);
    },
  };
}

export type PackAttestation = Awaited<ReturnType<typeof packAttestation>>;
