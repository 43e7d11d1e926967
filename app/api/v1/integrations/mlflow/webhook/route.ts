import { NextResponse, type NextRequest } from 'next/server';
import { errorResponse } from '@/lib/http/api-route';
import { readBodyBytes } from '@/lib/http/read-json-body';
import { admitDelivery, MAX_DELIVERY_BYTES, receiveMlflowDelivery, type DeliveryHeaders } from '@/lib/integrations/mlflow/receive-delivery';

/**
 * MLflow 3's model registry webhook. No session or token: the HMAC signature with the shared secret is the
 * authentication, so what cannot pass (no secret, missing headers, stale time) is refused before the body is read.
 */
export async function POST(request: NextRequest) {
  const headers: DeliveryHeaders = {
    deliveryId: request.headers.get('x-mlflow-delivery-id'),
    timestamp: request.headers.get('x-mlflow-timestamp'),
    signature: request.headers.get('x-mlflow-signature'),
  };
  try {
    await admitDelivery(headers, new Date());
    const body = await readBodyBytes(request, MAX_DELIVERY_BYTES);
    return NextResponse.json(await receiveMlflowDelivery(headers, body));
  } catch (error) {
    return errorResponse(error);
  }
}
