import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card, EmptyState, Facts, PageHeader } from '@/components/ui/card';
import { Pagination } from '@/components/ui/pagination';
import { DeliveryLog } from '@/components/webhooks/delivery-log';
import { EditEndpointButton, RotateSecretButton, SendTestEventButton, SetEnabledButton } from '@/components/webhooks/endpoint-actions';
import { requirePageActor } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format/date-time';
import { forPage } from '@/lib/http/page-guard';
import { parseSearchParams } from '@/lib/http/search-params';
import { getWebhookEndpoint, listWebhookDeliveries } from '@/lib/webhooks/queries';
import { ALL_EVENTS, SUBSCRIBABLE_EVENTS, ZWebhookDeliveriesQuery } from '@/lib/webhooks/schemas';
import { redeliverWebhookAction, rotateWebhookSecretAction, sendTestEventAction, setWebhookEnabledAction, updateWebhookAction } from '../actions';

// Not named by its URL: the title would show it to someone the page itself refuses (a receiver's URL may hold its secret).
export const metadata: Metadata = { title: 'Webhook endpoint' };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function WebhookEndpointPage({ params, searchParams }: Props) {
  const actor = await requirePageActor();
  const { id } = await params;
  const { query, raw } = parseSearchParams(ZWebhookDeliveriesQuery, await searchParams);
  const endpoint = await forPage(async () => await getWebhookEndpoint(actor, id));
  const { items, total } = await listWebhookDeliveries(actor, id, query);
  const events = endpoint.eventTypes.includes(ALL_EVENTS) ? 'All events, including new ones' : endpoint.eventTypes.join(', ');
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/admin/webhooks" className="hover:text-slate-700">Webhooks</Link>}
        title={<span className="font-mono text-lg break-all">{endpoint.url}</span>}
        description={endpoint.description || undefined}
        actions={endpoint.enabled ? <SendTestEventButton action={sendTestEventAction.bind(null, endpoint.id)} /> : null}
      />
      <div className="space-y-6">
        <Card title="Endpoint">
          <Facts
            items={[
              ['Status', endpoint.enabled ? <Badge tone="green">Enabled</Badge> : <Badge tone="gray">Disabled since {formatDateTime(endpoint.disabledAt)}</Badge>],
              ['Events', <span key="events" className="font-mono text-xs">{events}</span>],
              ['Private network', endpoint.allowPrivateNetwork ? 'Allowed: may reach loopback, private and link-local addresses' : 'Refused'],
              ['Added', formatDateTime(endpoint.createdAt)],
            ]}
          />
          <div className="mt-4 flex flex-wrap gap-2 border-t border-slate-100 pt-4">
            <EditEndpointButton endpoint={endpoint} eventTypes={SUBSCRIBABLE_EVENTS} action={updateWebhookAction.bind(null, endpoint.id)} />
            <SetEnabledButton enabled={endpoint.enabled} action={setWebhookEnabledAction.bind(null, endpoint.id, !endpoint.enabled)} />
            <RotateSecretButton action={rotateWebhookSecretAction.bind(null, endpoint.id)} />
          </div>
        </Card>
        <Card title="Delivery log">
          {total === 0 && query.page === 1 ? (
            <EmptyState title="No deliveries yet">Events this endpoint subscribes to appear here as they happen; “Send test event” sends one now.</EmptyState>
          ) : (
            <>
              <DeliveryLog deliveries={items} redeliver={(deliveryId) => redeliverWebhookAction.bind(null, deliveryId)} endpointEnabled={endpoint.enabled} />
              <Pagination path={`/admin/webhooks/${endpoint.id}`} params={raw} page={query.page} pageSize={query.pageSize} total={total} />
            </>
          )}
        </Card>
      </div>
    </>
  );
}
