'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runFormAction } from '@/lib/http/form-action';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { redeliverWebhook } from '@/lib/webhooks/redeliver-webhook';
import { rotateWebhookSecret } from '@/lib/webhooks/rotate-webhook-secret';
import { ZCreateWebhookEndpointInput, ZSetWebhookEnabledInput, ZUpdateWebhookEndpointInput } from '@/lib/webhooks/schemas';
import { sendTestEvent } from '@/lib/webhooks/send-test-event';
import { setWebhookEnabled } from '@/lib/webhooks/set-webhook-enabled';
import { updateWebhookEndpoint } from '@/lib/webhooks/update-webhook-endpoint';

const ZId = z.string().min(1).max(100);
const NOTHING = z.object({});

function revalidate(id?: string) {
  revalidatePath('/admin/webhooks');
  if (id) revalidatePath(`/admin/webhooks/${id}`);
}

export async function createWebhookAction(input: unknown) {
  return runFormAction(ZCreateWebhookEndpointInput, input, async (actor, data) => {
    const endpoint = await createWebhookEndpoint(actor, data);
    revalidate();
    return { id: endpoint.id, url: endpoint.url, secret: endpoint.secret };
  });
}

export async function updateWebhookAction(id: unknown, input: unknown) {
  return runFormAction(ZUpdateWebhookEndpointInput, input, async (actor, data) => {
    const endpoint = await updateWebhookEndpoint(actor, ZId.parse(id), data);
    revalidate(endpoint.id);
    return { id: endpoint.id };
  });
}

export async function setWebhookEnabledAction(id: unknown, enabled: unknown) {
  return runFormAction(ZSetWebhookEnabledInput, { enabled }, async (actor, data) => {
    const endpoint = await setWebhookEnabled(actor, ZId.parse(id), data.enabled);
    revalidate(endpoint.id);
    return { id: endpoint.id };
  });
}

export async function rotateWebhookSecretAction(id: unknown) {
  return runFormAction(NOTHING, {}, async (actor) => {
    const { secret } = await rotateWebhookSecret(actor, ZId.parse(id));
    return { secret };
  });
}

export async function sendTestEventAction(id: unknown) {
  return runFormAction(NOTHING, {}, async (actor) => {
    const endpointId = ZId.parse(id);
    const delivery = await sendTestEvent(actor, endpointId);
    revalidate(endpointId);
    return delivery;
  });
}

export async function redeliverWebhookAction(deliveryId: unknown) {
  return runFormAction(NOTHING, {}, async (actor) => {
    const delivery = await redeliverWebhook(actor, ZId.parse(deliveryId));
    revalidate(delivery.endpointId);
    return { id: delivery.id };
  });
}
