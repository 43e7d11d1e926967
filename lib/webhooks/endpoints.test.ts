import { eq, like, or } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb, unguardedWriter, withTransaction } from '@/db';
import { auditEvents, webhookDeliveries } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { Conflict, Forbidden, Invalid, NotFound } from '@/lib/errors';
import { emitEvent } from '@/lib/notify/emit-event';
import { makeActor } from '@/lib/testing';
import { createWebhookEndpoint } from './create-webhook-endpoint';
import { getWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints } from './queries';
import { redeliverWebhook } from './redeliver-webhook';
import { rotateWebhookSecret } from './rotate-webhook-secret';
import { sendTestEvent } from './send-test-event';
import { setWebhookEnabled } from './set-webhook-enabled';
import { updateWebhookEndpoint } from './update-webhook-endpoint';

let admin: Actor;
const INPUT = { url: 'https://93.184.216.34/provenant', description: 'SIEM', eventTypes: ['finding.raised' as const], allowPrivateNetwork: false };

beforeAll(async () => {
  admin = await makeActor(['admin']);
});

describe('webhook endpoints', () => {
  it('refuses everyone but admins, including an auditor and a risk officer', async () => {
    const endpoint = await createWebhookEndpoint(admin, INPUT);
    for (const roles of [['risk_officer'], ['data_scientist'], ['auditor'], ['security_reviewer']] as const) {
      const actor = await makeActor([...roles]);
      await expect(createWebhookEndpoint(actor, INPUT)).rejects.toBeInstanceOf(Forbidden);
      await expect(updateWebhookEndpoint(actor, endpoint.id, INPUT)).rejects.toBeInstanceOf(Forbidden);
      await expect(async () => await setWebhookEnabled(actor, endpoint.id, false)).rejects.toThrow(Forbidden);
      await expect(async () => await rotateWebhookSecret(actor, endpoint.id)).rejects.toThrow(Forbidden);
      await expect(async () => await sendTestEvent(actor, endpoint.id)).rejects.toThrow(Forbidden);
      await expect(async () => await redeliverWebhook(actor, 'msg_x')).rejects.toThrow(Forbidden);
      await expect(async () => await listWebhookEndpoints(actor)).rejects.toThrow(Forbidden);
      await expect(async () => await listWebhookDeliveries(actor, endpoint.id, { page: 1, pageSize: 20 })).rejects.toThrow(Forbidden);
    }
  });

  it('shows the secret once; it never reaches lists, answers or the audit trail, even on rotation', async () => {
    const created = await createWebhookEndpoint(admin, INPUT);
    expect(created.secret).toMatch(/^whsec_/);
    const rotated = await rotateWebhookSecret(admin, created.id);
    expect(rotated.secret).not.toBe(created.secret);
    const updated = await updateWebhookEndpoint(admin, created.id, { ...INPUT, description: 'SIEM (prod)' });
    expect(JSON.stringify([updated, await getWebhookEndpoint(admin, created.id), await listWebhookEndpoints(admin)])).not.toMatch(/whsec_/);
    const rows = await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, created.id));
    expect(rows.map((r) => r.action)).toEqual(['webhook.created', 'webhook.updated', 'webhook.updated']);
    const leaking = await getDb()
      .select()
      .from(auditEvents)
      .where(or(like(auditEvents.after, '%whsec_%'), like(auditEvents.before, '%whsec_%'), like(auditEvents.after, `%${rotated.secret.slice(6, 20)}%`)));
    expect(leaking).toEqual([]);
  });

  it('refuses a forbidden URL on update as on create, with the url field named', async () => {
    const endpoint = await createWebhookEndpoint(admin, INPUT);
    const error = await updateWebhookEndpoint(admin, endpoint.id, { ...INPUT, url: 'http://169.254.169.254/latest/meta-data/' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).issues?.[0]?.path).toBe('url');
    expect((await getWebhookEndpoint(admin, endpoint.id)).url).toBe(INPUT.url);
    await expect(updateWebhookEndpoint(admin, 'nope', INPUT)).rejects.toBeInstanceOf(NotFound);
  });

  it('disables and re-enables without re-checking the URL, keeping when it was first disabled', async () => {
    const endpoint = await createWebhookEndpoint(admin, INPUT);
    const at = new Date('2026-12-01T08:00:00.000Z');
    expect(await setWebhookEnabled(admin, endpoint.id, false, at)).toMatchObject({ enabled: false, disabledAt: at.toISOString() });
    expect(await setWebhookEnabled(admin, endpoint.id, false)).toMatchObject({ enabled: false, disabledAt: at.toISOString() });
    expect(await setWebhookEnabled(admin, endpoint.id, true)).toMatchObject({ enabled: true, disabledAt: null });
    await expect(async () => await setWebhookEnabled(admin, 'nope', true)).rejects.toThrow(NotFound);
  });

  it('queues a webhook.test event for one endpoint whatever it subscribes to, audited', async () => {
    const endpoint = await createWebhookEndpoint(admin, INPUT);
    const { id } = await sendTestEvent(admin, endpoint.id);
    const row = first(await getDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).limit(1))!;
    expect(row).toMatchObject({ endpointId: endpoint.id, eventType: 'webhook.test', status: 'pending', attempts: 0 });
    expect(JSON.parse(row.payload)).toMatchObject({ type: 'webhook.test', data: { endpointId: endpoint.id } });
    expect(await listWebhookDeliveries(admin, endpoint.id, { page: 1, pageSize: 20 })).toMatchObject({ total: 1, items: [{ id, status: 'pending', attemptLog: [] }] });
    await expect(async () => await sendTestEvent(admin, 'nope')).rejects.toThrow(NotFound);
  });

  it('redelivers only a failed delivery, once however often it is asked', async () => {
    const endpoint = await createWebhookEndpoint(admin, INPUT);
    const { id } = await sendTestEvent(admin, endpoint.id);
    await expect(async () => await redeliverWebhook(admin, id)).rejects.toThrow(Conflict);
    await unguardedWriter().update(webhookDeliveries).set({ status: 'failed' }).where(eq(webhookDeliveries.id, id));
    expect(await redeliverWebhook(admin, id)).toMatchObject({ id });
    await expect(async () => await redeliverWebhook(admin, id)).rejects.toThrow(Conflict);
    await expect(async () => await redeliverWebhook(admin, 'msg_missing')).rejects.toThrow(NotFound);
    const audited = await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audited.map((a) => a.action)).toEqual(['webhook.redelivered']);
  });
});

describe('demo webhooks', () => {
  it('log what the demo history queued: the first delivery failed on every retry, the rest delivered after their event, and the endpoint ends disabled', async () => {
    const { createDemoWebhookEndpoint, writeDemoWebhookLog } = await import('./seed-demo-webhooks');
    const endpoint = await createDemoWebhookEndpoint(admin);
    expect(endpoint.enabled).toBe(true);
    const event = (id: string) => ({ type: 'finding.raised' as const, title: id, href: '/findings', entityType: 'finding', entityId: id, recipients: [], data: { id } });
    const fourDaysAgo = new Date(Date.now() - 4 * 86_400_000);
    await withTransaction(async (tx) => {
      await emitEvent(tx, event('first'), fourDaysAgo);
      await emitEvent(tx, event('second'));
    });
    const disabled = await writeDemoWebhookLog(admin, endpoint.id);
    expect(disabled.enabled).toBe(false);
    const { items } = await listWebhookDeliveries(admin, endpoint.id, { page: 1, pageSize: 20 });
    expect(items.map((d) => [d.subject?.id, d.status, d.attemptLog.length])).toEqual([['second', 'delivered', 1], ['first', 'failed', 10]]);
    // Every attempt comes after the event it carried, and none lies in the future.
    for (const delivery of items) {
      for (const attempt of delivery.attemptLog) expect(attempt.at >= delivery.createdAt && Date.parse(attempt.at) <= Date.now()).toBe(true);
    }
  });
});
