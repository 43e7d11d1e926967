import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { CreateEndpointForm } from '@/components/webhooks/create-endpoint-form';
import { DeliveryStatusBadge } from '@/components/webhooks/delivery-status-badge';
import { requirePageActor } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format/date-time';
import { forPage } from '@/lib/http/page-guard';
import { listWebhookEndpoints } from '@/lib/webhooks/queries';
import { ALL_EVENTS, SUBSCRIBABLE_EVENTS } from '@/lib/webhooks/schemas';
import { plural } from '@/lib/words';
import { createWebhookAction } from './actions';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function WebhooksPage() {
  const actor = await requirePageActor();
  const endpoints = await forPage(async () => await listWebhookEndpoints(actor));
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Other systems are told about findings, reviews, incidents and promotion requests by signed HTTP POSTs (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature). Failed deliveries are retried for about three days."
      />
      <div className="space-y-6">
        <Card title="Endpoints">
          {endpoints.length === 0 ? (
            <EmptyState title="No endpoints yet">Add one below: its receiver verifies each message with the signing secret shown once when you add it.</EmptyState>
          ) : (
            <Table caption="Webhook endpoints">
              <thead>
                <tr><Th>Endpoint</Th><Th>Events</Th><Th>Status</Th><Th>Last delivery</Th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {endpoints.map((e) => (
                  <tr key={e.id} className="align-top">
                    <Td className="max-w-md min-w-48">
                      <Link href={`/admin/webhooks/${e.id}`} className="font-mono text-xs font-medium break-all text-indigo-700 underline hover:text-indigo-900">{e.url}</Link>
                      {e.description ? <p className="text-xs text-slate-500">{e.description}</p> : null}
                    </Td>
                    <Td>{e.eventTypes.includes(ALL_EVENTS) ? 'All events' : e.eventTypes.length > 3 ? plural(e.eventTypes.length, 'event type') : <span className="font-mono text-xs">{e.eventTypes.join(', ')}</span>}</Td>
                    <Td>
                      <div className="flex flex-wrap gap-1">
                        {e.enabled ? <Badge tone="green">Enabled</Badge> : <Badge tone="gray">Disabled</Badge>}
                        {e.allowPrivateNetwork ? <Badge tone="amber">Private network</Badge> : null}
                      </div>
                    </Td>
                    <Td>
                      {e.lastStatus ? (
                        <div className="flex flex-wrap items-center gap-2">
                          <DeliveryStatusBadge status={e.lastStatus} />
                          <span className="font-mono text-xs">{e.lastEventType}</span>
                          <time dateTime={e.lastCreatedAt ?? undefined} className="text-xs whitespace-nowrap text-slate-500">{formatDateTime(e.lastCreatedAt)}</time>
                        </div>
                      ) : <span className="text-slate-500">None yet</span>}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        <Card title="Add an endpoint">
          <CreateEndpointForm eventTypes={SUBSCRIBABLE_EVENTS} action={createWebhookAction} />
        </Card>
      </div>
    </>
  );
}
