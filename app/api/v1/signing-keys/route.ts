import { apiRoute } from '@/lib/http/api-route';
import { listSigningKeys } from '@/lib/signing/attest/queries';

/** Provenant's public keys (PEM) with their ids and validity: retired keys still verify what they signed. */
export const GET = apiRoute({}, async ({ actor }) => {
  const items = await listSigningKeys(actor);
  return { items, total: items.length };
});
