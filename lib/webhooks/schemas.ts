import 'server-only';
import { z } from 'zod';
import { EVENT_TYPES } from '@/lib/notify/emit-event';

/** `*` subscribes an endpoint to every event type, present and future. */
export const ALL_EVENTS = '*';
export const SUBSCRIBABLE_EVENTS = [ALL_EVENTS, ...EVENT_TYPES] as const;

const endpointFields = {
  url: z.string().trim().min(1, 'Required.').max(2000, 'At most 2,000 characters.'),
  description: z.string().trim().max(200, 'At most 200 characters.').default(''),
  eventTypes: z.array(z.enum(SUBSCRIBABLE_EVENTS)).min(1, 'Choose at least one event type, or all events.'),
  allowPrivateNetwork: z.boolean().default(false),
};

export const ZCreateWebhookEndpointInput = z.object(endpointFields);
export const ZUpdateWebhookEndpointInput = z.object(endpointFields);
export const ZSetWebhookEnabledInput = z.object({ enabled: z.boolean() });

export const ZWebhookDeliveriesQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export type CreateWebhookEndpointInput = z.output<typeof ZCreateWebhookEndpointInput>;
export type UpdateWebhookEndpointInput = z.output<typeof ZUpdateWebhookEndpointInput>;
