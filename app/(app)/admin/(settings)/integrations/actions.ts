'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runFormAction } from '@/lib/http/form-action';
import { generateMlflowWebhookSecret } from '@/lib/integrations/mlflow/generate-webhook-secret';
import { mapMlflowModel, ZMapMlflowModelInput } from '@/lib/integrations/mlflow/map-registered-model';
import { setMlflowTagSystems, ZSetMlflowTagSystemsInput } from '@/lib/integrations/mlflow/tag-systems';

/** The picker submits a list to allow; a remove button submits one id. */
const ZAllowForm = z.object({ systemIds: ZSetMlflowTagSystemsInput.shape.systemIds }).transform(({ systemIds }) => ({ systemIds, allowed: true }));
const ZDisallowForm = z.object({ systemId: z.string().min(1).max(100) }).transform(({ systemId }) => ({ systemIds: [systemId], allowed: false }));

/** The picker submits a list; exactly one model is mapped. */
const ZMapForm = z
  .object({ name: ZMapMlflowModelInput.shape.name, modelIds: z.array(z.string().max(100)).length(1, 'Choose exactly one model.') })
  .transform(({ name, modelIds }) => ({ name, modelId: modelIds[0]! }));

export async function generateMlflowSecretAction() {
  return runFormAction(z.object({}), {}, async (actor) => {
    const { secret } = await generateMlflowWebhookSecret(actor);
    revalidatePath('/admin/integrations');
    return { secret };
  });
}

export async function mapMlflowModelAction(input: unknown) {
  return runFormAction(ZMapForm, input, async (actor, data) => {
    const { model, registered } = await mapMlflowModel(actor, data);
    revalidatePath('/admin/integrations');
    return { model: model.name, registered };
  });
}

export async function allowMlflowTagSystemsAction(input: unknown) {
  return runFormAction(ZAllowForm, input, async (actor, data) => {
    await setMlflowTagSystems(actor, data);
    revalidatePath('/admin/integrations');
    return { count: data.systemIds.length };
  });
}

export async function disallowMlflowTagSystemAction(input: unknown) {
  return runFormAction(ZDisallowForm, input, async (actor, data) => {
    await setMlflowTagSystems(actor, data);
    revalidatePath('/admin/integrations');
    return { count: 1 };
  });
}
