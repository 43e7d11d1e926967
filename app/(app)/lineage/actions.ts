'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runFormAction, ZBoundId } from '@/lib/http/form-action';
import { illFormedInputIssues } from '@/lib/http/well-formed';
import { recordRun } from '@/lib/lineage/record-run';
import { handOverDeployment } from '@/lib/lineage/hand-over-deployment';
import { reportDeployment } from '@/lib/lineage/report-deployment';
import { ZHandOverDeploymentInput, ZRecordRunInput, ZReportDeploymentInput } from '@/lib/lineage/schemas';

/** The form sends parameters as JSON text; the verb takes the object. */
const ZRunForm = ZRecordRunInput.extend({ parametersJson: z.string().max(100_000).optional() }).transform(({ parametersJson, ...run }, ctx) => {
  if (!parametersJson?.trim()) return run;
  try {
    const parameters: unknown = JSON.parse(parametersJson);
    const problem = illFormedInputIssues(parameters)[0];
    if (problem) {
      ctx.addIssue({ code: 'custom', path: ['parametersJson'], message: `${problem.path ? `At ${problem.path}: ` : ''}${problem.message}` });
      return z.NEVER;
    }
    if (parameters && typeof parameters === 'object' && !Array.isArray(parameters)) return { ...run, parameters: parameters as Record<string, unknown> };
  } catch {}
  ctx.addIssue({ code: 'custom', path: ['parametersJson'], message: 'Enter a JSON object, e.g. {"learning_rate": 0.01}.' });
  return z.NEVER;
});

export async function recordRunAction(input: unknown) {
  return runFormAction(ZRunForm, input, async (actor, data) => {
    const { run } = await recordRun(actor, data);
    revalidatePath('/lineage');
    return { path: `/lineage/runs/${run.id}` };
  });
}

export async function reportDeploymentAction(input: unknown) {
  return runFormAction(ZReportDeploymentInput, input, async (actor, data) => {
    const { deployment } = await reportDeployment(actor, data);
    revalidatePath('/lineage');
    return { path: `/lineage?node=deployment:${deployment.id}` };
  });
}

export async function handOverDeploymentAction(deploymentId: unknown, input: unknown) {
  return runFormAction(ZHandOverDeploymentInput, input, async (actor, data) => {
    const deployment = await handOverDeployment(actor, ZBoundId.parse(deploymentId), data);
    revalidatePath('/lineage');
    return { reporterId: deployment.reporterId };
  });
}
