import { z } from 'zod';
import { required, text } from '@/lib/http/text-fields';
import { LIFECYCLE_STATUSES, MODEL_FORMATS, RISK_TIERS, STAGES } from '@/db/schema/vocabulary';
import { CYCLONEDX_APPROACHES, HUB_TASK_IDS } from '@/lib/cards/external-ids';
import { ISO_DATE_ERROR } from '@/lib/http/to-domain-error';
import { QUESTIONNAIRE_VERSION, RISK_QUESTIONS } from './risk-questionnaire';

const optionalText = (max: number) => text(max).optional();
/** Forms send an empty field as ''; for optional values that means "none". */
const blankToNull = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (value === '' ? null : value), schema);
const nullableText = (max: number) => blankToNull(text(max).nullable().optional());

export const ZSha256 = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, 'A SHA-256 digest is 64 hexadecimal characters.');

/** A calendar date the records can mean: none before 2000 (as for claimed times) nor after 2099. */
const ZIsoDate = z.iso.date({ ...ISO_DATE_ERROR, abort: true }).refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'Give a date between 2000-01-01 and 2099-12-31.');

const QUESTION_IDS = new Set(RISK_QUESTIONS.map((q) => q.id));
/** Answers to the questionnaire's own questions: an unknown question is refused, not stored in the classification. */
export const ZRiskAnswers = z.record(z.string().max(64), z.boolean()).superRefine((answers, ctx) => {
  const unknown = Object.keys(answers).filter((id) => !QUESTION_IDS.has(id));
  for (const id of unknown.slice(0, 5)) ctx.addIssue({ code: 'custom', path: [id], message: `Not a question of the ${QUESTIONNAIRE_VERSION} questionnaire; its questions are ${[...QUESTION_IDS].join(', ')}.` });
});

const systemFields = {
  name: required(200),
  purpose: required(4000),
  intendedUse: optionalText(4000),
  outOfScopeUses: optionalText(4000),
  businessOwner: optionalText(200),
  deploymentContext: optionalText(4000),
  humanOversight: optionalText(4000),
  personalData: z.boolean().optional(),
  nextReviewDate: ZIsoDate.nullable().optional(),
  thirdParty: z.boolean().optional(),
  vendorName: nullableText(200),
  vendorContract: nullableText(500),
  vendorDataShared: nullableText(2000),
  limitations: optionalText(8000),
  ethicalConsiderations: optionalText(8000),
  recommendations: optionalText(8000),
};

const classificationFields = {
  riskTier: z.enum(RISK_TIERS, { error: `Choose one of: ${RISK_TIERS.join(', ')}.` }),
  generalPurposeModel: z.boolean().optional(),
  riskAnswers: ZRiskAnswers.optional(),
  /** Required when the chosen tier is lower than the questionnaire's proposal. */
  riskOverrideReason: optionalText(2000),
};

export const ZCreateSystemInput = z.object({
  ...systemFields,
  ...classificationFields,
  lifecycleStatus: z.enum(LIFECYCLE_STATUSES.filter((s) => s !== 'retired') as ['planned', 'development', 'active']).optional(),
});
export type CreateSystemInput = z.output<typeof ZCreateSystemInput>;

export const ZUpdateSystemInput = z.object({
  ...z.object(systemFields).partial().shape,
  ...z.object(classificationFields).partial().shape,
  lifecycleStatus: z.enum(['planned', 'development', 'active']).optional(),
});
export type UpdateSystemInput = z.output<typeof ZUpdateSystemInput>;

export const ZRetireSystemInput = z.object({ reason: required(2000) });

/** A new owner for a system, from the owner the page showed (a transfer made meanwhile is refused), and why. */
export const ZTransferSystemInput = z.object({ ownerId: z.string().min(1, 'Choose the new owner.').max(64), fromOwnerId: z.string().min(1).max(64), reason: required(2000) });
export type TransferSystemInput = z.infer<typeof ZTransferSystemInput>;

/**
 * A risk officer's confirmation: the tier as read, since when it waits as read (`assessedAt`, the page's; refused if
 * what the tier was judged on changed since) and the password again, as for signing.
 */
export const ZConfirmTierInput = z.object({
  riskTier: z.enum(RISK_TIERS, { error: `Choose one of: ${RISK_TIERS.join(', ')}.` }),
  assessedAt: z.iso.datetime({ offset: true, error: 'The time the tier was assessed, as read (ISO 8601).' }).optional(),
  password: z.string().min(1, 'Enter your password to confirm.').max(1024),
});
export type ConfirmTierInput = z.infer<typeof ZConfirmTierInput>;

const SORTABLE = ['name', 'riskTier', 'lifecycleStatus', 'updatedAt', 'nextReviewDate'] as const;

export const ZPagination = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});

export const ZListSystemsQuery = ZPagination.extend({
  q: text(200).optional(),
  riskTier: z.enum(RISK_TIERS).optional(),
  status: z.enum(LIFECYCLE_STATUSES).optional(),
  ownerId: z.string().max(64).optional(),
  /** `awaited`: systems in service whose limited or minimal tier no risk officer has confirmed yet. */
  tierConfirmation: z.enum(['awaited']).optional(),
  sort: z.enum(SORTABLE).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type ListSystemsQuery = z.output<typeof ZListSystemsQuery>;

/** A list typed as "en, fr" in a form or sent as an array by the API; a bad item is reported on the field itself. */
const listOf = (max: number, item: RegExp, message: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value),
    z.array(z.string().trim()).max(max, `At most ${max} items.`).refine((items) => items.every((i) => item.test(i)), message),
  );
const ZFormats = listOf(20, /^[^\s,][^,]{0,99}$/, 'Each format is 1 to 100 characters, such as text/plain.').transform((formats) => formats.map((format) => ({ format })));

/** Model metadata the Hub and CycloneDX name (library_name, pipeline_tag, language; modelParameters). */
export const modelMetadataFields = {
  libraryName: nullableText(100),
  pipelineTag: blankToNull(z.enum(HUB_TASK_IDS, { error: 'Choose a Hugging Face task id such as text-classification.' }).nullable().optional()),
  languages: listOf(200, /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use ISO 639-1 codes such as en or fr, separated by commas.').optional(),
  approach: blankToNull(z.enum(CYCLONEDX_APPROACHES, { error: `Choose one of: ${CYCLONEDX_APPROACHES.join(', ')}.` }).nullable().optional()),
  architectureFamily: nullableText(200),
  modelArchitecture: nullableText(200),
  inputs: ZFormats.optional(),
  outputs: ZFormats.optional(),
};

export const ZCreateModelInput = z.object({
  systemId: required(64),
  name: required(200),
  description: optionalText(4000),
  task: optionalText(200),
  ...modelMetadataFields,
});
export const ZUpdateModelInput = z.object({ name: required(200).optional(), description: optionalText(4000), task: optionalText(200), ...modelMetadataFields });


export const ZCreateModelVersionInput = z.object({
  modelId: required(64),
  version: required(100),
  artifactSha256: ZSha256,
  artifactSize: z.number().int().min(0).nullable().optional(),
  /** A claim: when the bytes are stored the server detects the format, and a claim that disagrees is refused. */
  format: blankToNull(z.enum(MODEL_FORMATS, { error: `Choose one of: ${MODEL_FORMATS.join(', ')}.` }).nullable().optional()),
  uri: nullableText(2000),
  license: optionalText(200),
  externalSource: nullableText(200),
  externalRevision: nullableText(200),
});

/** `stage` is accepted only to be refused: stages change through promotion requests alone. */
export const ZUpdateModelVersionInput = z.object({
  uri: nullableText(2000),
  license: optionalText(200),
  /** Corrects the claim of a version whose bytes were never uploaded; stored bytes decide their own format. */
  format: z.enum(MODEL_FORMATS, { error: `Choose one of: ${MODEL_FORMATS.join(', ')}.` }).optional(),
  stage: z.unknown().optional(),
});

export const ZListModelVersionsQuery = ZPagination.extend({
  modelId: z.string().max(64).optional(),
  stage: z.enum(STAGES).optional(),
  sha256: ZSha256.optional(),
});

export const ZCreateDatasetInput = z.object({
  systemId: z.string().max(64).nullable().optional(),
  namespace: required(300),
  name: required(300),
  description: optionalText(4000),
  license: optionalText(200),
  personalData: z.boolean().optional(),
  provenance: optionalText(4000),
  datasheet: z.record(z.string().max(100), z.string().max(8000)).optional(),
});
export const ZUpdateDatasetInput = ZCreateDatasetInput.omit({ namespace: true, name: true, systemId: true }).partial();

export const ZListDatasetsQuery = ZPagination.extend({ systemId: z.string().max(64).optional(), q: text(200).optional() });

export const ZCreateDatasetVersionInput = z.object({
  version: required(100),
  sha256: blankToNull(ZSha256.nullable().optional()),
  size: z.number().int().min(0).nullable().optional(),
  uri: nullableText(2000),
  license: nullableText(200),
  personalData: z.boolean().nullable().optional(),
});


/** A vendor's CycloneDX ML-BOM: the JSON text (or object), the tier its system takes, and the digest when the BOM has none. */
export const ZImportCycloneDxBomInput = z.object({
  bom: z.union([z.string().min(1, 'Paste or choose the BOM.'), z.record(z.string(), z.unknown())]),
  riskTier: z.enum(RISK_TIERS, { error: `Choose one of: ${RISK_TIERS.join(', ')}.` }),
  artifactSha256: blankToNull(ZSha256.nullable().optional()),
});
