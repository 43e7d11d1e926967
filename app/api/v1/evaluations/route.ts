import { listEvaluations } from '@/lib/evidence/queries';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZListEvaluationsQuery, ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { apiRoute } from '@/lib/http/api-route';

export const GET = apiRoute({ query: ZListEvaluationsQuery }, async ({ actor, query }) => await listEvaluations(actor, query.modelVersionId));

export const POST = apiRoute({ permission: 'evidence.record', body: ZRecordEvaluationInput, status: 201 }, async ({ actor, body }) => await recordEvaluation(actor, body));
