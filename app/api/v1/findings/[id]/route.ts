import { apiRoute } from '@/lib/http/api-route';
import { getFinding } from '@/lib/findings/finding-detail';
import { patchFinding } from '@/lib/findings/patch-finding';
import { ZPatchFindingInput } from '@/lib/findings/schemas';

export const GET = apiRoute({}, async ({ actor, params }) => await getFinding(actor, params.id!));

export const PATCH = apiRoute({ body: ZPatchFindingInput }, ({ actor, params, body }) => patchFinding(actor, params.id!, body));
