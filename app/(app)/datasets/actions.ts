'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runFormAction } from '@/lib/http/form-action';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { ZCreateDatasetInput, ZCreateDatasetVersionInput } from '@/lib/inventory/schemas';

export async function createDatasetAction(input: unknown) {
  return runFormAction(ZCreateDatasetInput, input, async (actor, data) => {
    const dataset = await createDataset(actor, data);
    if (dataset.systemId) revalidatePath(`/systems/${dataset.systemId}`);
    return { path: `/datasets/${dataset.id}` };
  });
}

export async function createDatasetVersionAction(datasetId: unknown, input: unknown) {
  return runFormAction(ZCreateDatasetVersionInput, input, async (actor, data) => {
    const version = await createDatasetVersion(actor, z.string().parse(datasetId), data);
    return { path: `/datasets/${version.datasetId}` };
  });
}
