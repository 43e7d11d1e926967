import { fileResponse } from '@/lib/http/file-response';
import { apiRoute } from '@/lib/http/api-route';
import { signingKeyPem } from '@/lib/signing/attest/queries';

/** One public key as a PEM file, for `cosign verify-blob-attestation --key`. */
export const GET = apiRoute({}, async ({ actor, params }) => {
  const keyId = params.keyId!;
  return fileResponse(await signingKeyPem(actor, keyId), { contentType: 'application/x-pem-file', fileName: `provenant-signing-key-${keyId.slice(0, 12)}.pub` });
});
