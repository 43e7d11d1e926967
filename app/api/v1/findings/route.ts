import { apiRoute } from '@/lib/http/api-route';
import { listFindings } from '@/lib/findings/queries';
import { raiseFinding } from '@/lib/findings/raise-finding-by-hand';
import { ZListFindingsQuery, ZRaiseFindingInput } from '@/lib/findings/schemas';

export const GET = apiRoute({ query: ZListFindingsQuery }, async ({ actor, query }) => await listFindings(actor, query));

export const POST = apiRoute({ permission: 'finding.raise', body: ZRaiseFindingInput, status: 201 }, async ({ actor, body }) => await raiseFinding(actor, body));
