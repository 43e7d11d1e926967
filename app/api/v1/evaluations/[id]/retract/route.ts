import { apiRoute } from '@/lib/http/api-route';
import { retractEvaluation } from '@/lib/evidence/retract-evaluation';
import { ZRetractEvaluationInput } from '@/lib/evidence/schemas';

export const POST = apiRoute({ permission: 'evidence.retract', body: ZRetractEvaluationInput }, async ({ actor, params, body }) => await retractEvaluation(actor, params.id!, body));
