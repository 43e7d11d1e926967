import { apiRoute } from '@/lib/http/api-route';
import { verifyModelVersion } from '@/lib/integrity/verify-model-version';

/** Re-hashes the version's stored bytes and answers the recorded check. */
export const POST = apiRoute({ permission: 'integrity.verify' }, ({ actor, params }) => verifyModelVersion(actor, params.id!));
