'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runFormAction } from '@/lib/http/form-action';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { ZCreateModelInput, ZCreateModelVersionInput, ZImportCycloneDxBomInput, ZUpdateModelVersionInput } from '@/lib/inventory/schemas';
import { importCycloneDxBom } from '@/lib/inventory/import-cyclonedx-bom';
import { updateModelVersion } from '@/lib/inventory/update-model-version';
import { verifyModelVersion } from '@/lib/integrity/verify-model-version';
import { importModelIndex } from '@/lib/evidence/import-model-index';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { retractEvaluation } from '@/lib/evidence/retract-evaluation';
import { ZImportModelIndexInput, ZRecordEvaluationInput, ZRetractEvaluationInput } from '@/lib/evidence/schemas';
import { getModelVersion } from '@/lib/inventory/queries';

export async function createModelAction(input: unknown) {
  return runFormAction(ZCreateModelInput, input, async (actor, data) => {
    const model = await createModel(actor, data);
    revalidatePath(`/systems/${model.systemId}`);
    return { path: `/models/${model.id}` };
  });
}

export async function importCycloneDxBomAction(input: unknown) {
  return runFormAction(ZImportCycloneDxBomInput, input, async (actor, data) => {
    const { model, version } = await importCycloneDxBom(actor, data);
    revalidatePath('/models');
    return { path: `/models/${model.id}/versions/${version.id}` };
  });
}

export async function createModelVersionAction(input: unknown) {
  return runFormAction(ZCreateModelVersionInput, input, async (actor, data) => {
    const version = await createModelVersion(actor, data);
    return { path: `/models/${version.modelId}/versions/${version.id}` };
  });
}

export async function updateModelVersionAction(id: unknown, input: unknown) {
  return runFormAction(ZUpdateModelVersionInput, input, async (actor, data) => {
    const version = await updateModelVersion(actor, z.string().parse(id), data);
    return { path: `/models/${version.modelId}/versions/${version.id}` };
  });
}

export async function verifyModelVersionAction(id: unknown) {
  return runFormAction(z.object({}), {}, async (actor) => {
    const check = await verifyModelVersion(actor, z.string().parse(id));
    revalidatePath('/', 'layout');
    return { ok: check.ok, message: check.message };
  });
}

export async function recordEvaluationAction(input: unknown) {
  return runFormAction(ZRecordEvaluationInput, input, async (actor, data) => {
    const evaluation = await recordEvaluation(actor, data);
    const version = await getModelVersion(actor, evaluation.modelVersionId);
    return { path: `/models/${version.modelId}/versions/${version.id}` };
  });
}

export async function retractEvaluationAction(id: unknown, input: unknown) {
  return runFormAction(ZRetractEvaluationInput, input, async (actor, data) => {
    const evaluation = await retractEvaluation(actor, z.string().parse(id), data);
    const version = await getModelVersion(actor, evaluation.modelVersionId);
    revalidatePath(`/models/${version.modelId}/versions/${version.id}`);
    return { status: evaluation.status };
  });
}

export async function importModelIndexAction(input: unknown) {
  return runFormAction(ZImportModelIndexInput, input, async (actor, data) => (await importModelIndex(actor, data)).total);
}
