import { describe, expect, it } from 'vitest';
import { ZListAuditQuery } from '@/lib/audit/schemas';
import { ZListFindingsQuery } from '@/lib/findings/schemas';
import { ZInboxQuery } from '@/lib/inbox/schemas';
import { ZListIncidentsQuery } from '@/lib/incidents/schemas';
import { ZMlflowPageQuery } from '@/lib/integrations/mlflow/queries';
import { ZListModelRowsQuery } from '@/lib/inventory/model-list-query';
import { ZListDatasetsQuery, ZListSystemsQuery } from '@/lib/inventory/schemas';
import { ZLineageQuery, ZListDeploymentsQuery, ZListRunsQuery } from '@/lib/lineage/schemas';
import { ZApprovalQueueQuery } from '@/lib/promotion/schemas';
import { ZListReviewsQuery } from '@/lib/reviews/schemas';
import { ZWebhookDeliveriesQuery } from '@/lib/webhooks/schemas';
import { parseSearchParams } from './search-params';

const PAGE_QUERIES = { ZApprovalQueueQuery, ZInboxQuery, ZListAuditQuery, ZListDatasetsQuery, ZListDeploymentsQuery, ZListFindingsQuery, ZListIncidentsQuery, ZListModelRowsQuery, ZListReviewsQuery, ZListRunsQuery, ZListSystemsQuery, ZMlflowPageQuery, ZWebhookDeliveriesQuery, lineage: ZLineageQuery.partial({ node: true }) };

describe('the search params of every list page', () => {
  // parseSearchParams falls back to the schema's defaults on a bad address: a required field would make that a 500.
  it.each(Object.entries(PAGE_QUERIES))('%s has a default for every field, so a bad address shows the list, not an error', (_, schema) => {
    expect(() => parseSearchParams(schema, { page: 'x', unknown: '\u0000', node: 'x', depth: '99' })).not.toThrow();
  });
});
