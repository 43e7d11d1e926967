import { z } from 'zod';
import { EVALUATION_ENVIRONMENTS, REPORT_FORMATS } from '@/db/schema';

const blankAsAbsent = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** The text fields of POST /api/v1/evaluations/reports (multipart, beside the `file` part). */
export const ZRecordToolReportFields = z.object({
  modelVersionId: z.string({ error: 'Required.' }).trim().min(1, 'Required.').max(64),
  format: z.preprocess(blankAsAbsent, z.enum(REPORT_FORMATS, { error: `Name one of: ${REPORT_FORMATS.join(', ')}.` }).optional()),
  environment: z.preprocess(blankAsAbsent, z.enum(EVALUATION_ENVIRONMENTS).default('staging')),
  datasetVersionId: z.preprocess(blankAsAbsent, z.string().max(64).optional()),
});
export type RecordToolReportFields = z.output<typeof ZRecordToolReportFields>;

/** Largest report accepted (MAX_REPORT_BYTES, default 64 MiB): a 50 MB SARIF from a large image scan fits. */
export const maxReportBytes = () => Number(process.env.MAX_REPORT_BYTES) || 64 * 1024 ** 2;
