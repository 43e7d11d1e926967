import { z } from 'zod';
import { apiRoute } from '@/lib/http/api-route';
import { BULK_JSON_BODY_LIMIT } from '@/lib/http/read-json-body';
import { recordMonitoring } from '@/lib/monitoring/record-monitoring';
import { ZMonitoringQuery } from '@/lib/monitoring/schemas';

/**
 * Monitoring results for a deployment or model version: the JSON form, or an Evidently snapshot posted unchanged
 * with ?deploymentId= (or ?modelVersionId=), &windowStart= and &windowEnd=. 201 with the batch and its breaches.
 */
export const POST = apiRoute({ permission: 'monitoring.report', body: z.unknown(), query: ZMonitoringQuery, status: 201, maxBodyBytes: BULK_JSON_BODY_LIMIT }, ({ actor, body, query }) => recordMonitoring(actor, body, query));
