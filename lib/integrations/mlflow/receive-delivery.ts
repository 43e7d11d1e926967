import 'server-only';
import { eq } from 'drizzle-orm';
import { first, withTransaction } from '@/db';
import { mlflowDeliveries } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import { systemActor } from '@/lib/auth/actor';
import { Conflict, Invalid, Unauthenticated, Unavailable } from '@/lib/errors';
import { parseJsonBody } from '@/lib/http/read-json-body';
import { parseInput } from '@/lib/http/to-domain-error';
import { applyMlflowEvent, type EventResult } from './apply-event';
import { isIgnoredEvent, isModelEvent, isTestPayload, parseModelEvent, ZMlflowEnvelope } from './payloads';
import { mlflowSignature, signatureMatches, timestampProblem } from './signature';
import { currentWebhookSecret } from './webhook-secret';

/** The three headers MLflow sends (mlflow/webhooks/constants.py); a secret-less MLflow webhook sends no signature. */
export type DeliveryHeaders = { deliveryId: string | null; timestamp: string | null; signature: string | null };

/** Deliveries are small JSON documents; anything near this is not MLflow. */
export const MAX_DELIVERY_BYTES = 256 * 1024;

/**
 * Refuses, before the body is read, what no body can fix: headers missing (401, like every unauthenticated API call),
 * no secret set (503), a stale or future time (401).
 */
export async function admitDelivery(headers: DeliveryHeaders, now: Date): Promise<{ secret: string; deliveryId: string; timestamp: string; signature: string }> {
  const { deliveryId, timestamp, signature } = headers;
  if (!deliveryId || !timestamp || !signature) throw new Unauthenticated('X-MLflow-Delivery-Id, X-MLflow-Timestamp and X-MLflow-Signature are all required: create the MLflow webhook with the shared secret.');
  const configured = await currentWebhookSecret();
  if (!configured) throw new Unavailable('The MLflow integration has no webhook secret yet: an admin sets one on the MLflow integration page.');
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(deliveryId)) throw new Invalid('X-MLflow-Delivery-Id must be at most 100 letters, digits, dots, dashes, colons or underscores.');
  const problem = timestampProblem(timestamp, now);
  if (problem) throw new Unauthenticated(problem);
  return { secret: configured.secret, deliveryId, timestamp, signature };
}

export type DeliveryReceipt = { deliveryId: string; event: string } & EventResult;

/**
 * Receives one MLflow webhook delivery: verifies its HMAC over the raw bytes, then applies it and records the
 * delivery id in one transaction, so a replay (or the same delivery racing itself) is refused and applies once.
 * MLflow acts as a system actor named with the delivery id, so every effect in the trail says which delivery made it.
 */
export async function receiveMlflowDelivery(headers: DeliveryHeaders, body: Uint8Array, now = new Date()): Promise<DeliveryReceipt> {
  const { secret, deliveryId, timestamp, signature } = await admitDelivery(headers, now);
  if (!signatureMatches(signature, mlflowSignature(secret, deliveryId, timestamp, body))) throw new Unauthenticated('X-MLflow-Signature does not match the body: check the shared secret.');
  const envelope = parseInput(ZMlflowEnvelope, parseJsonBody(body));
  const event = `${envelope.entity}.${envelope.action}`;
  const parsed = isModelEvent(event) ? parseModelEvent(event, envelope.data) : null;
  const actor = systemActor(`mlflow delivery ${deliveryId}`);
  return await withTransaction(async (tx) => {
    if (first(await tx.select({ id: mlflowDeliveries.deliveryId }).from(mlflowDeliveries).where(eq(mlflowDeliveries.deliveryId, deliveryId)).limit(1))) {
      throw new Conflict(`Delivery ${deliveryId} was already received; a replay changes nothing.`);
    }
    const result: EventResult = !parsed
      ? { outcome: 'ignored', detail: isIgnoredEvent(event) ? `${event} says nothing about model artifacts.` : `${event} is not an event Provenant knows.` }
      : isTestPayload(parsed.event, envelope.data)
        ? { outcome: 'test', detail: `MLflow's example ${event} payload (a webhook test); nothing changed.` }
        : await applyMlflowEvent(tx, actor, parsed, now);
    await tx.insert(mlflowDeliveries).values({ deliveryId, event, sentAt: timestamp, outcome: result.outcome, detail: result.detail });
    await recordAudit(tx, actor, { action: 'mlflow.delivery_received', entityType: 'mlflow_delivery', entityId: deliveryId, after: { event, ...result } });
    return { deliveryId, event, ...result };
  });
}
