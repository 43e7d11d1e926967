import { systemActor } from '@/lib/auth/actor';
import { rotateSigningKey } from '@/lib/signing/attest/rotate-signing-key';

/** `signing-key rotate`: the operator's way, also when the active private key is lost (the server refuses to start then). */
export async function runSigningKeyRotate(): Promise<number> {
  const { retired, created } = await rotateSigningKey(systemActor('cli'));
  if (retired) console.error(`Retired signing key ${retired.keyId} (it still verifies what it signed).`);
  console.error(`New signing key ${created.keyId}; its public key:`);
  console.log(created.publicKeyPem.trimEnd());
  return 0;
}
