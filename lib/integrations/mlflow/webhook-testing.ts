import { NextRequest } from 'next/server';
import { mlflowSignature } from './signature';

/** Test support: the envelope of mlflow/webhooks/delivery.py `_send_webhook_request` around an event's data. */
export function mlflowBody(event: string, data: Record<string, unknown>): string {
  const [entity, action] = event.split('.');
  return JSON.stringify({ entity, action, timestamp: '2025-09-01T12:00:00.123456+00:00', data });
}

/** A request with the three headers MLflow sends, signed with `secret` unless `signature` or `headers` say otherwise. */
type SignOptions = { secret: string; id?: string; at?: Date; signature?: string; headers?: Record<string, string | null> };

export function mlflowRequest(body: string | Uint8Array, { secret, id = crypto.randomUUID(), at = new Date(), signature, headers = {} }: SignOptions): NextRequest {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const all: Record<string, string | null> = {
    'content-type': 'application/json',
    'x-mlflow-delivery-id': id,
    'x-mlflow-timestamp': timestamp,
    'x-mlflow-signature': signature ?? mlflowSignature(secret, id, timestamp, bytes),
    ...headers,
  };
  const present = Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== null));
  return new NextRequest('http://localhost/api/v1/integrations/mlflow/webhook', { method: 'POST', headers: present, body: bytes as BodyInit });
}
