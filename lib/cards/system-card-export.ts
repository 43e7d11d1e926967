import { z } from 'zod';
import { LIFECYCLE_STATUSES, RISK_TIERS, STAGES } from '@/db/schema/vocabulary';
import { ZCardOversight } from './oversight-schema';

export const SYSTEM_CARD_EXPORT_SCHEMA = 'provenant.system-ai-card-export/v1';
export const SYSTEM_CARD_FORMATS = ['json', 'md', 'pdf'] as const;
export type SystemCardFormat = (typeof SYSTEM_CARD_FORMATS)[number];
export const ZSystemCardQuery = z.object({ format: z.enum(SYSTEM_CARD_FORMATS).default('json') });

/**
 * The system-level AI Card as one document: the system's facts, every version of its models with the digest of its
 * own AI Card and whether that still matches the card last signed for it, and the live oversight of the system and
 * its versions. It has no digest of its own: each version's card is the signed unit; this is a view across them.
 * The JSON export is this object; the Markdown and PDF are rendered from it, so the three say the same.
 */
export const ZSystemCardExport = z.object({
  schema: z.literal(SYSTEM_CARD_EXPORT_SCHEMA),
  generatedAt: z.string().describe('When the record was read'),
  system: z.object({
    id: z.string(),
    name: z.string(),
    purpose: z.string(),
    riskTier: z.enum(RISK_TIERS),
    tierConfirmation: z.object({
      state: z.enum(['confirmed', 'awaited', 'never_confirmed', 'not_needed']).describe('A limited or minimal tier is confirmed by a risk officer who neither owns the system nor classified it before production (never_confirmed: a retired system whose tier no one confirmed); the other tiers need no confirmation'),
      by: z.object({ name: z.string().nullable(), email: z.string().nullable() }).nullable(),
      at: z.string().nullable().describe('When it was confirmed'),
      awaitedSince: z.string().nullable().describe('When the tier was last classified, or what it was judged on changed, while no confirmation followed'),
    }),
    generalPurposeModel: z.boolean(),
    lifecycleStatus: z.enum(LIFECYCLE_STATUSES),
    technicalOwner: z.object({ name: z.string(), email: z.string() }),
    businessOwner: z.string(),
    intendedUse: z.string(),
    outOfScopeUses: z.string(),
    deploymentContext: z.string(),
    humanOversight: z.string(),
    limitations: z.string(),
    ethicalConsiderations: z.string(),
    recommendations: z.string(),
    personalData: z.boolean(),
    vendor: z.string().nullable().describe('The vendor of a third-party AI service; null for one built in-house'),
    nextReviewDate: z.string().nullable(),
  }),
  versions: z.array(z.object({
    modelId: z.string(),
    model: z.string(),
    versionId: z.string(),
    version: z.string(),
    stage: z.enum(STAGES),
    artifactSha256: z.string(),
    cardSha256: z.string().regex(/^[0-9a-f]{64}$/).describe('The digest of the version’s own AI Card as it stands now'),
    lastSigned: z.object({ requestId: z.string(), targetStage: z.string(), at: z.string(), sha256: z.string() }).nullable().describe('The last approved promotion of the version'),
    differsFromLastSigned: z.boolean().nullable().describe('Whether the card now differs from the one signed; null when none was'),
  })),
  oversight: ZCardOversight,
});
export type SystemCardExport = z.infer<typeof ZSystemCardExport>;

/** `fraud-detection-system-card-2026-12-06.pdf`: safe for any file system. */
export function systemCardFileName(card: SystemCardExport, format: SystemCardFormat) {
  const slug = card.system.name.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return `${slug || 'system'}-system-ai-card-${card.generatedAt.slice(0, 10)}.${format}`;
}

/** The export's JSON Schema (draft 2020-12), generated from the zod schema above. */
export const systemCardExportJsonSchema = () => ({ $id: SYSTEM_CARD_EXPORT_SCHEMA, title: 'Provenant system AI Card export', ...z.toJSONSchema(ZSystemCardExport, { target: 'draft-2020-12' }) });
