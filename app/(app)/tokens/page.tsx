import type { Metadata } from 'next';
import { CreateTokenForm } from '@/components/tokens/create-token-form';
import { PipelineUsage } from '@/components/tokens/pipeline-usage';
import { RevokeAnyTokenButton, RevokeTokenButton } from '@/components/tokens/revoke-token-button';
import { Badge } from '@/components/ui/badge';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format/date-time';
import { requirePageActor } from '@/lib/auth/session';
import { publicUrl } from '@/lib/config';
import { can } from '@/lib/auth/permissions';
import { listLiveTokens, listOwnTokens } from '@/lib/auth/token-queries';
import { maxTokenDays } from '@/lib/auth/create-api-token';
import { forPage } from '@/lib/http/page-guard';
import { createTokenAction, revokeTokenAction } from './actions';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage() {
  const actor = await requirePageActor();
  const tokens = await forPage(async () => await listOwnTokens(actor));
  const everyone = can(actor, 'token.oversee') ? (await listLiveTokens(actor)).filter((t) => t.ownerId !== actor.userId) : null;
  const now = new Date().toISOString();
  return (
    <>
      <PageHeader title="API tokens" description="Tokens let your pipelines call the API as you, limited to the scopes you choose. Each is shown once; below, how a pipeline uses it." />
      <div className="space-y-6">
        <Card title="Create a token">
          <CreateTokenForm action={createTokenAction} maxDays={maxTokenDays()} />
        </Card>
        <Card title="Your tokens">
          {tokens.length === 0 ? (
            <EmptyState title="No tokens yet" />
          ) : (
            <Table caption="Your API tokens" cardsBelow="md">
              <thead>
                <tr><Th>Name</Th><Th>Scopes</Th><Th>Created</Th><Th>Expires</Th><Th>Last used</Th><Th>Status</Th><Th><span className="sr-only">Actions</span></Th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {tokens.map((t) => {
                  const expired = !!t.expiresAt && t.expiresAt <= now;
                  return (
                    <tr key={t.id}>
                      <Td className="md:min-w-40"><p className="font-medium wrap-anywhere text-slate-900">{t.name}</p><p className="font-mono text-xs text-slate-500">{t.prefix}…</p></Td>
                      <Td data-label="Scopes"><div className="flex flex-wrap gap-1">{t.scopes.map((s) => <Badge key={s} tone="indigo">{s}</Badge>)}</div></Td>
                      <Td data-label="Created" className="whitespace-nowrap">{formatDateTime(t.createdAt)}</Td>
                      <Td data-label="Expires" className="whitespace-nowrap">{t.expiresAt ? formatDateTime(t.expiresAt) : 'Never'}</Td>
                      <Td data-label="Last used" className="whitespace-nowrap">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never'}</Td>
                      <Td data-label="Status">{t.revokedAt ? <Badge tone="red">Revoked</Badge> : expired ? <Badge tone="amber">Expired</Badge> : <Badge tone="green">Active</Badge>}</Td>
                      <Td className="text-right">{!t.revokedAt ? <RevokeTokenButton name={t.name} action={revokeTokenAction.bind(null, t.id)} /> : null}</Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
        </Card>
        {everyone ? (
          <Card title="Everyone else’s tokens in force">
            {everyone.length === 0 ? (
              <EmptyState title="No one else holds a token in force" />
            ) : (
              <Table caption="API tokens in force, by owner" cardsBelow="md">
                <thead>
                  <tr><Th>Owner</Th><Th>Name</Th><Th>Scopes</Th><Th>Expires</Th><Th>Last used</Th><Th><span className="sr-only">Actions</span></Th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {everyone.map((t) => (
                    <tr key={t.id}>
                      <Td><p className="font-medium text-slate-900">{t.ownerName}</p><p className="text-xs break-all text-slate-500">{t.ownerEmail}</p></Td>
                      <Td data-label="Name"><p className="break-words text-slate-900">{t.name}</p><p className="font-mono text-xs text-slate-500">{t.prefix}…</p></Td>
                      <Td data-label="Scopes"><div className="flex flex-wrap gap-1">{t.scopes.map((s) => <Badge key={s} tone="indigo">{s}</Badge>)}</div></Td>
                      <Td data-label="Expires" className="whitespace-nowrap">{t.expiresAt ? formatDateTime(t.expiresAt) : 'Never'}</Td>
                      <Td data-label="Last used" className="whitespace-nowrap">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never'}</Td>
                      <Td className="text-right"><RevokeAnyTokenButton name={t.name} owner={t.ownerName} action={revokeTokenAction.bind(null, t.id)} /></Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
        ) : null}
        <PipelineUsage baseUrl={publicUrl()} />
      </div>
    </>
  );
}
