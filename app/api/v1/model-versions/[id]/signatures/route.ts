import { apiRoute } from '@/lib/http/api-route';
import { attachModelSignature } from '@/lib/signing/model/attach-model-signature';
import { listVersionSignatures } from '@/lib/signing/model/list-version-signatures';
import { ZListSignaturesQuery } from '@/lib/signing/model/schemas';

/** A version's model signatures, newest first, each with the outcome of its verification at upload. */
export const GET = apiRoute({ permission: 'inventory.read', query: ZListSignaturesQuery }, async ({ actor, params, query }) => await listVersionSignatures(actor, params.id!, query));

/** An OpenSSF model-signing bundle (multipart `file`, or the bundle as the JSON body): 201 with its verification. */
export const POST = apiRoute({ permission: 'model_signature.attach', status: 201 }, ({ actor, params, request }) => attachModelSignature(actor, params.id!, request));
