import type { Metadata } from 'next';
import { Card, EmptyState, Facts, PageHeader } from '@/components/ui/card';
import { Pagination } from '@/components/ui/pagination';
import Link from 'next/link';
import { Table, Td, Th } from '@/components/ui/table';
import { DeliveryOutcomeBadge } from '@/components/integrations/delivery-outcome-badge';
import { MapModelForm } from '@/components/integrations/map-model-form';
import { AllowTagSystemsForm, DisallowTagSystemButton } from '@/components/integrations/tag-systems-form';
import { WaitingVersionsTable } from '@/components/integrations/waiting-versions-table';
import { WebhookSecretButton } from '@/components/integrations/webhook-secret-panel';
import { requirePageActor } from '@/lib/auth/session';
import { publicUrl } from '@/lib/config';
import { formatDateTime } from '@/lib/format/date-time';
import { forPage } from '@/lib/http/page-guard';
import { parseSearchParams } from '@/lib/http/search-params';
import { listMlflowDeliveries, listWaitingMlflowVersions, MLFLOW_PAGE_SIZE, ZMlflowPageQuery } from '@/lib/integrations/mlflow/queries';
import { plural } from '@/lib/words';
import { SYSTEM_TAG } from '@/lib/integrations/mlflow/resolve-model';
import { listMlflowTagSystems } from '@/lib/integrations/mlflow/tag-systems';
import { DIGEST_TAG } from '@/lib/integrations/mlflow/sync-version';
import { webhookSecretStatus } from '@/lib/integrations/mlflow/webhook-secret';
import { allowMlflowTagSystemsAction, disallowMlflowTagSystemAction, generateMlflowSecretAction, mapMlflowModelAction } from './actions';

export const metadata: Metadata = { title: 'MLflow integration' };

const WAITING_SHOWN = 5;

const WEBHOOK_PATH = '/api/v1/integrations/mlflow/webhook';

function secretSentence({ source, updatedAt }: Awaited<ReturnType<typeof webhookSecretStatus>>) {
  if (source === 'environment') return 'Set by MLFLOW_WEBHOOK_SECRET in the server\'s environment, which takes precedence over this page: change it there.';
  if (source === 'settings') return `Set on ${formatDateTime(updatedAt)}. It is never shown again; replace it if it was lost.`;
  return 'No secret yet: every delivery is refused (503) until you create one.';
}

export default async function MlflowIntegrationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const { query, raw } = parseSearchParams(ZMlflowPageQuery, await searchParams);
  const deliveries = await forPage(async () => await listMlflowDeliveries(actor, query.page));
  const waiting = await forPage(async () => await listWaitingMlflowVersions(actor, 1, WAITING_SHOWN));
  const tagSystems = await forPage(async () => await listMlflowTagSystems(actor));
  const status = await webhookSecretStatus();
  const webhookUrl = publicUrl(WEBHOOK_PATH);
  return (
    <>
      <PageHeader
        title="MLflow integration"
        description={`MLflow 3 tells Provenant about registered models and versions through a signed webhook. A version becomes a Provenant model version once it carries a ${DIGEST_TAG} tag (the artifact's SHA-256) and its registered model is mapped to a Provenant model.`}
      />
      <div className="space-y-6">
        <Card title="Webhook">
          <Facts
            items={[
              ['URL to give MLflow', <code key="url" className="font-mono text-xs break-all">{webhookUrl}</code>],
              ['Shared secret', secretSentence(status)],
              ['Events', 'registered_model.created, model_version.created, model_version_tag.set and .deleted, model_version_alias.created and .deleted'],
            ]}
          />
          {status.source !== 'environment' ? <div className="mt-4"><WebhookSecretButton hasSecret={status.source === 'settings'} action={generateMlflowSecretAction} /></div> : null}
          <p className="mt-4 text-sm text-slate-600">
            A registered model not mapped yet is created in the AI system named by its <code className="font-mono text-xs">{SYSTEM_TAG}</code> tag (the system&apos;s id) only if that system is allowed below; otherwise it waits for you to map it. Webhooks are not retried for ever: run <code className="font-mono text-xs">npm run cli -- mlflow reconcile --url URL</code> to import what was missed.
          </p>
        </Card>
        <Card title={`Versions not registered yet (${waiting.total.toLocaleString('en')})`}>
          {waiting.total === 0 ? (
            <EmptyState title="Nothing is waiting">Every MLflow version Provenant heard of is a Provenant model version. A new one waits here until it has its digest tag and a mapped model.</EmptyState>
          ) : (
            <>
              <WaitingVersionsTable rows={waiting.items} />
              {waiting.total > waiting.items.length ? (
                <p className="mt-3 text-sm">
                  <Link href="/admin/integrations/waiting" className="font-medium text-indigo-700 underline hover:text-indigo-900">See all {plural(waiting.total, 'waiting version')}</Link>
                </p>
              ) : null}
            </>
          )}
        </Card>
        <Card title={`Systems the ${SYSTEM_TAG} tag may use (${tagSystems.length.toLocaleString('en')})`}>
          <p className="mb-4 text-sm text-slate-600">Anyone who can tag in MLflow can set this tag, so it creates a model only in a system allowed here; never in a prohibited or retired one. Models already created stay where they are when a system is removed.</p>
          {tagSystems.length === 0 ? (
            <div className="mb-4"><EmptyState title="No system allowed">Tagged models wait for you to map them. Allow the systems whose teams register models in MLflow.</EmptyState></div>
          ) : (
            <ul className="mb-4 divide-y divide-slate-100">
              {tagSystems.map((s) => (
                <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span className="min-w-0 text-sm">
                    <Link href={`/systems/${s.id}`} className="font-medium text-indigo-700 underline hover:text-indigo-900">{s.name}</Link>
                    <code className="ml-2 font-mono text-xs break-all text-slate-600">{s.id}</code>
                  </span>
                  <DisallowTagSystemButton action={disallowMlflowTagSystemAction} systemId={s.id} name={s.name} />
                </li>
              ))}
            </ul>
          )}
          <AllowTagSystemsForm action={allowMlflowTagSystemsAction} />
        </Card>
        <Card title="Map a registered model">
          <p className="mb-4 text-sm text-slate-600">Say which Provenant model an MLflow registered model is. Its waiting versions that carry a digest are registered at once; a model keeps the MLflow name it is mapped to.</p>
          <MapModelForm action={mapMlflowModelAction} />
        </Card>
        <Card title="Recent deliveries">
          {deliveries.total === 0 ? (
            <EmptyState title="No deliveries yet">Create the webhook in MLflow with the URL and secret above, then run its test (client.test_webhook): the test delivery appears here.</EmptyState>
          ) : (
            <>
              <Table caption="MLflow webhook deliveries, newest first">
                <thead>
                  <tr><Th>Outcome</Th><Th>Detail</Th><Th>Received</Th><Th>Delivery id</Th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {deliveries.items.map((d) => (
                    <tr key={d.deliveryId} className="align-top">
                      <Td>
                        <DeliveryOutcomeBadge outcome={d.outcome} />
                        <span className="mt-1 block font-mono text-xs whitespace-nowrap text-slate-600">{d.event}</span>
                      </Td>
                      <Td className="min-w-48 text-sm">{d.detail}</Td>
                      <Td className="whitespace-nowrap">{formatDateTime(d.receivedAt)}</Td>
                      <Td className="font-mono text-xs break-all">{d.deliveryId}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
              <Pagination path="/admin/integrations" params={raw} page={query.page} pageSize={MLFLOW_PAGE_SIZE} total={deliveries.total} />
            </>
          )}
        </Card>
      </div>
    </>
  );
}
