import { z } from 'zod';
import {
  COMPARATORS, DEPLOYMENT_ENVIRONMENTS, EVALUATION_ENVIRONMENTS, EVIDENCE_KINDS, FINDING_SOURCES, FINDING_STATUSES, FINDING_SUBJECTS, FINDING_TYPES, MODEL_FORMATS, REPORT_FORMATS, RISK_TIERS, ROLES, SCAN_STATUSES, SEVERITIES,
  SIGNATURE_DECISIONS, STAGES,
} from '@/db/schema';
import { CYCLONEDX_APPROACHES } from './external-ids';

/**
 * The AI Card's content: what a signer reads and what a promotion snapshot freezes. It holds only facts about the
 * record (no clocks of its own, no live stage), so its canonical JSON and SHA-256 change exactly when the record does.
 */
export const CARD_SCHEMA = 'provenant.ai-card/v1';

const ZDigest = z.string().regex(/^[0-9a-f]{64}$/);
const ZNullableText = z.string().nullable();

const ZMetric = z.object({
  name: z.string(), value: z.number(), unit: z.string().optional(), threshold: z.number().nullable(), comparator: z.enum(COMPARATORS).nullable(), passed: z.boolean().nullable(),
  metricType: z.string().optional().describe('The metric id in the model-index it was imported from (wer, accuracy); present for imports that keep their source'),
  lowerBound: z.number().optional().describe('Confidence interval, when the source gave one'),
  upperBound: z.number().optional(),
  origin: z.literal('computed').optional().describe('Computed by the server from an attached tool report; absent: self-reported (typed or imported as the caller said)'),
});

/** The model-index result an evaluation was imported from, so an export gives back the card's own task and dataset. */
const ZModelIndexSource = z.object({
  task: z.object({ type: z.string(), name: z.string().optional() }),
  dataset: z.object({ type: z.string(), name: z.string(), config: z.string().optional(), split: z.string().optional(), revision: z.string().optional() }).optional(),
});

/** A signed waiver's terms as they stand (they never change once signed). */
export const ZCardWaiver = z.object({
  justification: z.string(),
  compensatingControls: z.string(),
  expiresAt: z.string(),
  signedBy: z.string(),
  role: z.enum(ROLES),
  signedAt: z.string(),
});

/**
 * A tracked finding as the card states it. Only facts that change when someone acts on the finding: its count of
 * occurrences and last sighting move with every monitoring batch, so they stay out (see lib/cards/card-findings.ts).
 */
export const ZCardFinding = z.object({
  id: z.string(),
  ref: z.string().describe('F-12'),
  type: z.enum(FINDING_TYPES),
  severity: z.enum(SEVERITIES),
  status: z.enum(FINDING_STATUSES),
  title: z.string(),
  subject: z.object({ type: z.enum(FINDING_SUBJECTS), id: z.string(), label: z.string() }),
  source: z.enum(FINDING_SOURCES),
  owner: z.string(),
  dueDate: z.string().describe('YYYY-MM-DD'),
  raisedAt: z.string(),
  waiver: ZCardWaiver.nullable().describe('The accepted risk in force, for an accepted finding'),
});
export type CardFinding = z.infer<typeof ZCardFinding>;

export const ZCardContent = z.object({
  schema: z.literal(CARD_SCHEMA),
  system: z.object({
    id: z.string(),
    name: z.string(),
    purpose: z.string(),
    owner: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    businessOwner: z.string(),
    intendedUse: z.string(),
    outOfScopeUses: z.string(),
    deploymentContext: z.string(),
    humanOversight: z.string(),
    personalData: z.boolean(),
    thirdParty: z.boolean(),
    vendorName: ZNullableText,
  }),
  risk: z.object({
    tier: z.enum(RISK_TIERS),
    generalPurposeModel: z.boolean(),
    questionnaire: ZNullableText,
    proposedTier: z.enum(RISK_TIERS).nullable(),
    reasons: z.array(z.string()),
    justification: z.string().describe('Why a tier below the proposed one applies, or the note of a manual classification'),
    classifiedBy: ZNullableText,
    classifiedAt: ZNullableText,
  }),
  narrative: z.object({ limitations: z.string(), ethicalConsiderations: z.string(), recommendations: z.string() }),
  model: z.object({
    id: z.string(), name: z.string(), task: z.string(), description: z.string(),
    // Each present only when set, so cards signed before these fields existed keep their digest.
    libraryName: z.string().optional(),
    pipelineTag: z.string().optional(),
    languages: z.array(z.string()).optional(),
    approach: z.enum(CYCLONEDX_APPROACHES).optional(),
    architectureFamily: z.string().optional(),
    modelArchitecture: z.string().optional(),
    inputs: z.array(z.object({ format: z.string() })).optional(),
    outputs: z.array(z.object({ format: z.string() })).optional(),
  }),
  version: z.object({
    id: z.string(),
    version: z.string(),
    artifactSha256: ZDigest,
    artifactSize: z.number().int().nullable(),
    format: z.enum(MODEL_FORMATS),
    uri: ZNullableText,
    license: z.string(),
    externalSource: ZNullableText,
    externalRevision: ZNullableText,
    registeredAt: z.string(),
  }),
  trainingData: z.array(
    z.object({
      datasetVersionId: z.string(),
      namespace: z.string(),
      name: z.string(),
      version: z.string(),
      sha256: ZDigest.nullable(),
      uri: ZNullableText,
      license: z.string(),
      personalData: z.boolean(),
      provenance: z.string(),
    }),
  ),
  lineage: z.object({
    runs: z.array(
      z.object({
        id: z.string(),
        externalRunId: z.string(),
        job: z.string(),
        codeRepository: ZNullableText,
        codeCommit: ZNullableText,
        environmentDigest: ZNullableText,
        startedAt: ZNullableText,
        endedAt: ZNullableText,
        inputDatasetVersionIds: z.array(z.string()),
        baseModelVersionIds: z.array(z.string()),
      }),
    ),
    baseModels: z.array(
      z.object({ modelVersionId: z.string(), system: z.string(), model: z.string(), version: z.string(), sha256: ZDigest, externalSource: ZNullableText, externalRevision: ZNullableText }),
    ),
  }),
  evaluations: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(EVIDENCE_KINDS),
      environment: z.enum(EVALUATION_ENVIRONMENTS),
      datasetVersionId: ZNullableText,
      producer: z.string(),
      summary: z.string(),
      performedAt: z.string(),
      artifactSha256: ZDigest,
      metrics: z.array(ZMetric),
      modelIndex: ZModelIndexSource.optional(),
      attachments: z.array(z.object({ fileName: z.string(), sha256: ZDigest, mediaType: z.string() })),
      report: z.object({ format: z.enum(REPORT_FORMATS), tool: z.string() }).optional().describe('The tool report the metrics were computed from: the first attachment'),
    }),
  ),
  integrity: z.object({
    scanStatus: z.enum(SCAN_STATUSES),
    scanFindings: z.array(z.object({ code: z.string(), severity: z.enum(['info', 'warning', 'critical']), message: z.string() })),
    lastVerification: z.enum(['never', 'matched', 'mismatched']),
    openFindings: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        subject: z.string(),
        environment: z.enum(DEPLOYMENT_ENVIRONMENTS).nullable(),
        expectedSha256: ZDigest.nullable(),
        actualSha256: ZDigest.nullable(),
        message: z.string(),
        raisedAt: z.string(),
      }),
    ),
  }),
  findings: z
    .array(ZCardFinding)
    .optional()
    .describe('Active and accepted findings on this version or a dataset version it was trained on; absent when there are none (cards signed before findings existed keep their digest)'),
});
export type CardContent = z.infer<typeof ZCardContent>;

export const ZCardSignature = z.object({
  printedName: z.string(),
  role: z.enum(ROLES),
  decision: z.enum(SIGNATURE_DECISIONS),
  meaning: z.string(),
  signedAt: z.string().describe('UTC, ISO 8601'),
  snapshotSha256: ZDigest,
  comment: z.string(),
  conditions: z.string().optional().describe('What the approval depends on, as its signer stated and signed it; absent: none'),
});

/** A promotion request whose frozen snapshot a card shows or is compared with. */
export const ZCardRequest = z.object({
  id: z.string(),
  targetStage: z.enum(STAGES),
  status: z.string(),
  submittedAt: z.string(),
  requester: z.string(),
  snapshotSha256: ZDigest,
  signatures: z.array(ZCardSignature),
});
export type CardRequest = z.infer<typeof ZCardRequest>;
