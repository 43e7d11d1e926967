import { apiRoute } from '@/lib/http/api-route';
import { listEvidencePacks } from '@/lib/packs/queries';
import { requestAndLaunchEvidencePack } from '@/lib/packs/request-evidence-pack';
import { ZListEvidencePacksQuery, ZRequestEvidencePackInput } from '@/lib/packs/schemas';

export const GET = apiRoute({ query: ZListEvidencePacksQuery }, async ({ actor, query }) => await listEvidencePacks(actor, query));

/** 201 with the queued pack; generation runs in a child process and its progress is read from GET .../{id}. */
export const POST = apiRoute({ permission: 'pack.generate', body: ZRequestEvidencePackInput, status: 201 }, async ({ actor, body }) => await requestAndLaunchEvidencePack(actor, body));
