import { apiRoute } from '@/lib/http/api-route';
import { handOverDeployment } from '@/lib/lineage/hand-over-deployment';
import { ZHandOverDeploymentInput } from '@/lib/lineage/schemas';

/** A risk officer names who reports at the endpoint from now on (signed-in only: no token scope holds it). */
export const POST = apiRoute({ permission: 'deployment.hand_over', body: ZHandOverDeploymentInput }, async ({ actor, params, body }) => await handOverDeployment(actor, params.id!, body));
