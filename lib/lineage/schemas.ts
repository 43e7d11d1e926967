import { z } from 'zod';
import { sentence } from '@/lib/http/text-fields';
import { DEPLOYMENT_ENVIRONMENTS } from '@/db/schema';
import { EARLIEST_CLAIMED_MESSAGE, isAheadOfClock, isBeforeRecords } from '@/lib/clock-skew';
import { ZPagination, ZSha256 } from '@/lib/inventory/schemas';
import { freeJsonIssues, LINEAGE_LIMITS } from './bounds';

/** A run's state, as OpenLineage names the events that set it; OTHER for a run known only as another's parent. */
export const TRAINING_RUN_STATES = ['START', 'RUNNING', 'COMPLETE', 'FAIL', 'ABORT', 'OTHER'] as const;

const ids = z.array(z.string().min(1).max(64)).max(500).default([]);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
/** When a run started or ended: never in the future (beyond clock skew), stored in UTC as every time here (they compare as text). */
const runTime = z.iso
  .datetime({ offset: true })
  .refine((time) => !isAheadOfClock(time, new Date()), "Later than the server's clock by more than five minutes: a run cannot start or end in the future.")
  .refine((time) => !isBeforeRecords(time), EARLIEST_CLAIMED_MESSAGE)
  .transform((time) => new Date(time).toISOString())
  .nullable()
  .optional();

export const ZRecordRunInput = z.object({
  externalRunId: z.string().trim().min(1, 'Required.').max(LINEAGE_LIMITS.runIdChars),
  jobNamespace: z.string().trim().min(1, 'Required.').max(LINEAGE_LIMITS.nameChars),
  jobName: z.string().trim().min(1, 'Required.').max(LINEAGE_LIMITS.nameChars),
  codeRepository: optionalText(LINEAGE_LIMITS.codeRepositoryChars),
  codeCommit: optionalText(LINEAGE_LIMITS.codeCommitChars),
  parameters: z
    .record(z.string().max(200), z.unknown())
    .optional()
    .superRefine((value, ctx) => {
      for (const issue of freeJsonIssues(value, '', LINEAGE_LIMITS.parameterBytes)) ctx.addIssue({ code: 'custom', message: issue.message });
    }),
  environmentDigest: optionalText(200),
  state: z.enum(['START', 'RUNNING', 'COMPLETE', 'FAIL', 'ABORT']).optional(),
  startedAt: runTime,
  endedAt: runTime,
  inputDatasetVersionIds: ids,
  baseModelVersionIds: ids,
  outputModelVersionIds: ids,
  outputDatasetVersionIds: ids,
}).refine((run) => !run.startedAt || !run.endedAt || run.startedAt <= run.endedAt, { message: 'A run cannot end before it starts.', path: ['endedAt'] });
export type RecordRunInput = z.input<typeof ZRecordRunInput>;

export const ZReportDeploymentInput = z.object({
  environment: z.enum(DEPLOYMENT_ENVIRONMENTS),
  endpoint: z.string().trim().min(1, 'Required.').max(500),
  reportedSha256: ZSha256,
  /** Optional: the version the caller believes is deployed; without it the version is found by digest. */
  modelVersionId: z.string().max(64).nullable().optional(),
});

/** A risk officer names who reports at an endpoint from now on, and why. */
export const ZHandOverDeploymentInput = z.object({
  reporterId: z.string().trim().min(1, 'Choose who reports here from now on.').max(64),
  reason: sentence(10, 2000, 'Say why the endpoint changes hands, in a sentence.'),
});

export const ZLineageQuery = z.object({
  node: z.string().min(3).max(200),
  depth: z.coerce.number().int().min(1).max(10).default(3),
});

/** `q`: words that must each appear in the job's namespace or name or in the run's id. */
export const ZListRunsQuery = ZPagination.extend({ q: z.string().trim().max(200).optional(), state: z.enum(TRAINING_RUN_STATES).optional() });
export type ListRunsQuery = z.output<typeof ZListRunsQuery>;

/** `q`: words that must each appear in the endpoint; `integrity`: only endpoints with (or without) an open flag. */
export const ZListDeploymentsQuery = ZPagination.extend({
  q: z.string().trim().max(200).optional(),
  environment: z.enum(DEPLOYMENT_ENVIRONMENTS).optional(),
  integrity: z.enum(['flagged', 'matches']).optional(),
  /** `unapproved`: the endpoint runs a version that is not the one approved for its environment (lib/integrity/kind-labels.ts). */
  approval: z.enum(['unapproved']).optional(),
});
export type ListDeploymentsQuery = z.output<typeof ZListDeploymentsQuery>;

/** The run form's pickers: versions matching every word of `q`; `side=output` keeps those the caller may write to. */
export const ZLineageCandidatesQuery = ZPagination.extend({
  kind: z.enum(['dataset_version', 'model_version']),
  side: z.enum(['input', 'output']).default('input'),
  q: z.string().trim().max(200).default(''),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
export type LineageCandidatesQuery = z.output<typeof ZLineageCandidatesQuery>;

/**
 * POST /api/v1/lineage, for the API description: one RunEvent or an array of up to 1,000. The route validates the
 * events against the vendored official JSON Schema (ajv), so here each event only refers to it.
 */
const ZRunEventRef = z.looseObject({}).meta({ $ref: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent', description: 'An OpenLineage RunEvent' });
export const ZOpenLineageRequest = z.union([ZRunEventRef, z.array(ZRunEventRef).max(1000)]);
