import { z } from 'zod';
import { COMPARATORS, INCIDENT_CATEGORIES, INCIDENT_STATUSES, REVIEW_OUTCOMES, REVIEW_TRIGGER_REASONS, ROLES, SEVERITIES } from '@/db/schema';
import { ZCardFinding } from './card-schema';

/**
 * The live oversight a current card shows beside its content: monitoring, findings, waivers, reviews and incidents as
 * they stand at `asOf`. It is never part of the card's digest (monitoring points arrive constantly and would make
 * every open promotion request unsignable), and a snapshot card has none: it shows only what was frozen.
 */
const ZNumber = z.number().nullable();

export const ZMonitoringSeries = z.object({
  modelVersionId: z.string(),
  version: z.string().describe('Model name and version label'),
  metric: z.string(),
  feature: z.string().nullable().describe('Null for a production metric; a feature name (or __prediction__) for drift'),
  windowStart: z.string(),
  windowEnd: z.string(),
  value: ZNumber.describe('The figure rules judge: the server-computed one when histograms were sent, else the reported one'),
  valueSource: z.enum(['computed', 'reported']),
  reportedValue: ZNumber,
  computedPsi: ZNumber,
  computedJs: ZNumber,
  points: z.number().int().describe('How many windows this series has'),
  reportedDrift: z.boolean().nullable().describe('The pipeline’s own drift verdict, where it gave one'),
  rules: z
    .array(z.object({ comparator: z.enum(COMPARATORS), threshold: z.number(), windowDays: z.number(), severity: z.enum(SEVERITIES), source: z.string().optional() }))
    .describe('The policy rules on this series, each comparator stating what counts as a breach (psi gte 0.25)'),
  breach: z.boolean().nullable().describe('Whether the latest value breaches a rule; null without rules'),
  breachSeverity: z.enum(SEVERITIES).nullable(),
  contradictsProducer: z.boolean().describe('The pipeline reported no drift while the server’s figure breaches'),
});
export type MonitoringSeries = z.infer<typeof ZMonitoringSeries>;

export const ZOversightFinding = ZCardFinding.extend({
  occurrences: z.number().int(),
  lastSeenAt: z.string(),
  closure: z
    .object({ closedAt: z.string(), closedBy: z.string().nullable(), evidence: z.string().nullable(), meaning: z.string().nullable(), role: z.enum(ROLES).nullable() })
    .nullable()
    .describe('For a closed finding: when, by whom, with which evidence; meaning and role when the closure was signed'),
});
export type OversightFinding = z.infer<typeof ZOversightFinding>;

export const ZOversightWaiver = z.object({
  findingId: z.string(),
  findingRef: z.string(),
  findingTitle: z.string(),
  justification: z.string(),
  compensatingControls: z.string(),
  expiresAt: z.string(),
  signedBy: z.string(),
  role: z.enum(ROLES),
  meaning: z.string(),
  signedAt: z.string(),
  endedAt: z.string().nullable(),
  endedReason: z.enum(['expired', 'finding_closed', 'exceeded']).nullable(),
});
export type OversightWaiver = z.infer<typeof ZOversightWaiver>;

export const ZOversightReview = z.object({
  nextReviewDate: z.string().nullable(),
  /** The day the review is due by: its date, or the earliest day an open trigger set (the policy's window), whichever comes first. */
  dueBy: z.string().nullable().optional(),
  overdue: z.boolean(),
  dueNow: z.array(z.object({ reason: z.enum(REVIEW_TRIGGER_REASONS), detail: z.string(), since: z.string() })),
  last: z
    .object({
      kind: z.enum(['periodic', 'triggered']),
      outcome: z.enum(REVIEW_OUTCOMES),
      conditions: z.string(),
      signedBy: z.string(),
      role: z.enum(ROLES),
      signedAt: z.string(),
      snapshotSha256: z.string().regex(/^[0-9a-f]{64}$/),
      nextReviewDate: z.string(),
    })
    .nullable(),
});
export type OversightReview = z.infer<typeof ZOversightReview>;

export const ZOversightIncident = z.object({
  id: z.string(),
  ref: z.string().describe('INC-3'),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  serious: z.boolean(),
  category: z.enum(INCIDENT_CATEGORIES),
  status: z.enum(INCIDENT_STATUSES),
  awareAt: z.string(),
  reportDeadline: z.string().nullable(),
  daysLeft: z.number().nullable().describe('Whole days to the reporting deadline (negative when past); null once reported or when nothing must be reported'),
  overdue: z.boolean(),
  reportingStatus: z.string().describe('The reporting clock in words: due in, overdue by, or reported within the deadline'),
  reportedAt: z.string().nullable(),
  authorityReference: z.string().nullable(),
  actions: z.array(z.object({ at: z.string(), actor: z.string().nullable(), text: z.string() })),
});
export type OversightIncident = z.infer<typeof ZOversightIncident>;

export const ZCardOversight = z.object({
  asOf: z.string().describe('UTC time these live records were read'),
  recentDays: z.number().int().describe('How far back closed findings, ended waivers and closed incidents are shown'),
  monitoring: z.array(ZMonitoringSeries),
  findings: z.object({
    active: z.array(ZOversightFinding),
    accepted: z.array(ZOversightFinding),
    recentlyClosed: z.array(ZOversightFinding),
    totals: z.object({ active: z.number().int(), accepted: z.number().int(), recentlyClosed: z.number().int() })
      .optional()
      .describe('How many findings each group holds; a list shows at most 100, the most severe first (absent in exports made before it existed)'),
  }),
  waivers: z.array(ZOversightWaiver),
  review: ZOversightReview,
  incidents: z.array(ZOversightIncident),
});
export type CardOversight = z.infer<typeof ZCardOversight>;
