import { z } from 'zod';
import { sentence } from '@/lib/http/text-fields';
import { COMPARATORS, EVALUATION_ENVIRONMENTS, EVIDENCE_KINDS } from '@/db/schema';
import { ZSha256 } from '@/lib/inventory/schemas';

export const ZMetricInput = z
  .object({
    name: z.string().trim().min(1, 'Required.').max(100),
    value: z.number({ error: 'Enter the value measured, as a number (e.g. 0.91).' }).finite(),
    threshold: z.number().finite().nullable().optional(),
    comparator: z.enum(COMPARATORS).nullable().optional(),
  })
  .refine((m) => (m.threshold == null) === (m.comparator == null), { message: 'Give both a threshold and a pass condition (≥, ≤, …), or neither.', path: ['comparator'] });

export const ZRecordEvaluationInput = z.object({
  modelVersionId: z.string().min(1, 'Required.').max(64),
  kind: z.enum(EVIDENCE_KINDS, { error: `Choose one of: ${EVIDENCE_KINDS.join(', ')}.` }),
  environment: z.enum(EVALUATION_ENVIRONMENTS),
  datasetVersionId: z.preprocess((v) => (v === '' ? null : v), z.string().max(64).nullable().optional()),
  producer: z.string().trim().max(300).default(''),
  summary: z.string().trim().max(4000).default(''),
  /** When the caller says the evaluation ran: never in the future (see record-evaluation); the server keeps its own receipt time. */
  performedAt: z.iso.datetime({ offset: true }).optional(),
  /** An earlier record of the same version that this one replaces: it stays visible as superseded and stops counting. */
  supersedes: z.string().min(1).max(64).optional(),
  /** The digest of the bytes the evaluation ran on: evidence counts only for a version with this exact digest. */
  artifactSha256: ZSha256,
  metrics: z.array(ZMetricInput).max(200).default([]),
  attachments: z
    .array(z.object({ sha256: ZSha256, fileName: z.string().trim().min(1).max(255), mediaType: z.string().max(200).optional() }))
    .max(20)
    .default([]),
});
export type RecordEvaluationInput = z.output<typeof ZRecordEvaluationInput>;

export const ZRetractEvaluationInput = z.object({
  reason: sentence(10, 2000, 'Say why the record is wrong, in a sentence.'),
});

export const ZImportModelIndexInput = z.object({
  modelVersionId: z.string().min(1).max(64),
  environment: z.enum(EVALUATION_ENVIRONMENTS).default('staging'),
  artifactSha256: ZSha256,
  /** A Hugging Face model card (YAML front matter), or the model-index itself as YAML or JSON. */
  content: z.string().min(1, 'Paste the model-index.').max(1_000_000),
});

export const ZListEvaluationsQuery = z.object({ modelVersionId: z.string().min(1).max(64) });
