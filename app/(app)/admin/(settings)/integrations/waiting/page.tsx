import type { Metadata } from 'next';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { Pagination } from '@/components/ui/pagination';
import { WaitingVersionsTable } from '@/components/integrations/waiting-versions-table';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { parseSearchParams } from '@/lib/http/search-params';
import { listWaitingMlflowVersions, MLFLOW_PAGE_SIZE, ZMlflowPageQuery } from '@/lib/integrations/mlflow/queries';
import { DIGEST_TAG } from '@/lib/integrations/mlflow/sync-version';

export const metadata: Metadata = { title: 'MLflow versions not registered yet' };

export default async function WaitingMlflowVersionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const { query, raw } = parseSearchParams(ZMlflowPageQuery, await searchParams);
  const waiting = await forPage(async () => await listWaitingMlflowVersions(actor, query.page));
  return (
    <>
      <PageHeader eyebrow="MLflow integration" title="Versions not registered yet" description={`Each becomes a Provenant model version once it carries a ${DIGEST_TAG} tag and its registered model is mapped to a Provenant model.`} />
      <Card>
        {waiting.total === 0 ? (
          <EmptyState title="Nothing is waiting">Every MLflow version Provenant heard of is a Provenant model version.</EmptyState>
        ) : (
          <>
            <WaitingVersionsTable rows={waiting.items} />
            <Pagination path="/admin/integrations/waiting" params={raw} page={query.page} pageSize={MLFLOW_PAGE_SIZE} total={waiting.total} />
          </>
        )}
      </Card>
    </>
  );
}
