import { apiRoute } from '@/lib/http/api-route';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { ZRequestPromotionInput } from '@/lib/promotion/schemas';

/** A pipeline asks for promotion (token scope `promote`); the gate and the signers still decide. 409 when the gate fails. */
export const POST = apiRoute({ permission: 'promotion.request', body: ZRequestPromotionInput, status: 201 }, async ({ actor, body }) => await requestPromotion(actor, body));
