import { apiRoute } from '@/lib/http/api-route';
import { getTrustConfig } from '@/lib/signing/model/get-trust-config';
import { ZUpdateTrustConfigInput } from '@/lib/signing/model/schemas';
import { updateTrustConfig } from '@/lib/signing/model/update-trust-config';

/** The trust configuration model signatures are verified against (admins). */
export const GET = apiRoute({ permission: 'trust.manage' }, async ({ actor }) => await getTrustConfig(actor));

/** Replaces it as its next version (a trusted_root.json may ride along, up to 4 MB); the same configuration again writes nothing. */
export const PUT = apiRoute({ permission: 'trust.manage', body: ZUpdateTrustConfigInput, maxBodyBytes: 4 * 1024 * 1024 }, ({ actor, body }) => updateTrustConfig(actor, body));
