import { z } from 'zod';
import { canonicalJson } from '@/lib/canonical-json';
import { parseInput } from '@/lib/http/to-domain-error';

/**
 * The body MLflow 3 posts (mlflow/webhooks/delivery.py `_send_webhook_request`): `{entity, action, timestamp, data}`
 * plus `workspace` when workspaces are on; `data` follows mlflow/webhooks/types.py. Bounds are generous for what
 * MLflow stores (tag keys 250 bytes, values a few thousand) and keep a hostile body small.
 */
const name = z.string().min(1).max(500);
const version = z.string().regex(/^\d{1,9}$/, 'An MLflow model version is a positive whole number.');
const tagKey = z.string().min(1).max(250);
const tagValue = z.string().max(8000);
const tags = z.record(tagKey, tagValue).refine((t) => Object.keys(t).length <= 200, 'At most 200 tags.');
const alias = z.string().min(1).max(256);

export const ZMlflowEnvelope = z.object({
  entity: z.string().min(1).max(64),
  action: z.string().min(1).max(32),
  timestamp: z.string().max(64).optional(),
  workspace: z.string().max(256).nullish(),
  data: z.record(z.string(), z.unknown()),
});

export const MLFLOW_EVENT_DATA = {
  'registered_model.created': z.object({ name, tags: tags.default({}), description: z.string().max(65_536).nullish() }),
  'model_version.created': z.object({
    name,
    version,
    source: z.string().max(4000),
    run_id: z.string().max(200).nullish(),
    tags: tags.default({}),
    description: z.string().max(65_536).nullish(),
  }),
  'model_version_tag.set': z.object({ name, version, key: tagKey, value: tagValue }),
  'model_version_tag.deleted': z.object({ name, version, key: tagKey }),
  'model_version_alias.created': z.object({ name, alias, version }),
  'model_version_alias.deleted': z.object({ name, alias }),
} as const;

export type MlflowModelEvent = keyof typeof MLFLOW_EVENT_DATA;
export type MlflowEventData<E extends MlflowModelEvent> = z.output<(typeof MLFLOW_EVENT_DATA)[E]>;

export type MlflowParsedEvent = { [E in MlflowModelEvent]: { event: E; data: MlflowEventData<E> } }[MlflowModelEvent];

export const parseModelEvent = (event: MlflowModelEvent, data: unknown) => ({ event, data: parseInput(MLFLOW_EVENT_DATA[event], data) }) as MlflowParsedEvent;

export const isModelEvent = (event: string): event is MlflowModelEvent => Object.hasOwn(MLFLOW_EVENT_DATA, event);

/** Prompt and budget events (mlflow/entities/webhook.py WebhookEventStr) say nothing about model artifacts. */
export const isIgnoredEvent = (event: string) => /^(prompt|prompt_version|prompt_tag|prompt_version_tag|prompt_alias)\.|^budget_policy\./.test(event);

/**
 * `MlflowClient.test_webhook()` posts the `example()` payload of mlflow/webhooks/types.py for the event; it is
 * answered as a test and changes nothing, so a connectivity check never registers "example_model".
 */
const EXAMPLES: Record<MlflowModelEvent, Record<string, unknown>> = {
  'registered_model.created': { name: 'example_model', tags: { example_key: 'example_value' }, description: 'An example registered model' },
  'model_version.created': {
    name: 'example_model',
    version: '1',
    source: 'runs:/abcd1234abcd5678/model',
    run_id: 'abcd1234abcd5678',
    tags: { example_key: 'example_value' },
    description: 'An example model version',
  },
  'model_version_tag.set': { name: 'example_model', version: '1', key: 'example_key', value: 'example_value' },
  'model_version_tag.deleted': { name: 'example_model', version: '1', key: 'example_key' },
  'model_version_alias.created': { name: 'example_model', alias: 'example_alias', version: '1' },
  'model_version_alias.deleted': { name: 'example_model', alias: 'example_alias' },
};

export const isTestPayload = (event: MlflowModelEvent, data: Record<string, unknown>) => canonicalJson(data) === canonicalJson(EXAMPLES[event]);
