import { fileResponse } from '@/lib/http/file-response';
import { ZCardQuery } from '@/lib/cards/schemas';
import { apiRoute } from '@/lib/http/api-route';
import { attestCard } from '@/lib/signing/attest/attest-card';

/** The Sigstore bundle whose in-toto subject is the SHA-256 of what `card` returns for the same parameters. */
export const GET = apiRoute({ query: ZCardQuery }, async ({ actor, params, query }) => {
  const { bundle, fileName } = await attestCard(actor, params.id!, query);
  return fileResponse(`${JSON.stringify(bundle, null, 2)}\n`, { contentType: 'application/vnd.dev.sigstore.bundle.v0.3+json', fileName: fileName });
});
