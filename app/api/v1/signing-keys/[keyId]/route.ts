import { apiRoute } from '@/lib/http/api-route';
import { signingKeyPem } from '@/lib/signing/attest/queries';

/** One public key as a PEM file, for `cosign verify-blob-attestation --key`. */
export const GET = apiRoute({}, async ({ actor, params }) => {
  const keyId = params.keyId!;
  return new Response(await signingKeyPem(actor, keyId), {
    headers: {
      'content-type': 'application/x-pem-file',
      'content-disposition': `attachment; filename="provenant-signing-key-${keyId.slice(0, 12)}.pub"`,
      'x-content-type-options': 'nosniff',
    },
  });
});
