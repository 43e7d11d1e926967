import { apiRoute } from '@/lib/http/api-route';
import { approvalQueue } from '@/lib/promotion/queries';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { ZApprovalQueueQuery, ZRequestPromotionInput } from '@/lib/promotion/schemas';

/** Open requests oldest first (the reviewers' queue), or decided ones (`status`) most recently decided first. */
export const GET = apiRoute({ query: ZApprovalQueueQuery }, async ({ actor, query }) => await approvalQueue(actor, query));

/** A pipeline asks for promotion (token scope `promote`); the gate and the signers still decide. 409 when the gate fails. */
export const POST = apiRoute({ permission: 'promotion.request', body: ZRequestPromotionInput, status: 201 }, async ({ actor, body }) => await requestPromotion(actor, body));
