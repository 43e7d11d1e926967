import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { apiTokens, auditEvents, notifications } from '@/db/schema';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { makeActor } from '@/lib/testing';
import { authenticateBearer } from './api-tokens';
import { createApiToken } from './create-api-token';
import { revokeApiToken } from './revoke-api-token';
import { listLiveTokens } from './token-queries';

const META = { ip: '127.0.0.1', userAgent: 'vitest' };

describe('an administrator overseeing API tokens', () => {
  it('sees everyone’s tokens in force and revokes a leaked one with a reason its owner is told, without disabling them', async () => {
    const [ds, other, admin] = await Promise.all([makeActor(['data_scientist']), makeActor(['data_scientist']), makeActor(['admin'])]);
    const leaked = await createApiToken(ds, ds.userId, { name: 'nightly-ci', scopes: ['register'], expiresInDays: 30 });
    const kept = await createApiToken(ds, ds.userId, { name: 'dashboards', scopes: ['read'] });
    const live = await listLiveTokens(admin);
    expect(live.filter((t) => t.ownerId === ds.userId).map((t) => t.name).sort()).toEqual(['dashboards', 'nightly-ci']);
    expect(Object.keys(live[0]!)).not.toContain('secretSha256');

    await expect(revokeApiToken(other, leaked.id, 'Not mine, but I saw it.')).rejects.toThrow(Forbidden);
    await expect(revokeApiToken(admin, leaked.id, '  ')).rejects.toThrow(Invalid);
    await expect(revokeApiToken(admin, leaked.id, '\u200b\u200b')).rejects.toThrow(Invalid);
    await revokeApiToken(admin, leaked.id, 'Printed in a public CI log.');
    await expect(authenticateBearer(leaked.secret, META)).rejects.toThrow(/revoked/);
    expect(await authenticateBearer(kept.secret, META)).toMatchObject({ userId: ds.userId });
    await expect(revokeApiToken(admin, leaked.id, 'Again.')).rejects.toThrow(Conflict);

    const [event] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityId, leaked.id), eq(auditEvents.action, 'token.revoked')));
    expect(JSON.parse(event!.after!)).toMatchObject({ ownerId: ds.userId, reason: 'Printed in a public CI log.' });
    const told = await getDb().select({ title: notifications.title }).from(notifications).where(and(eq(notifications.userId, ds.userId), eq(notifications.type, 'token.revoked')));
    expect(told).toEqual([{ title: expect.stringContaining('“nightly-ci”: Printed in a public CI log.') }]);
    expect((await listLiveTokens(admin)).map((t) => t.id)).not.toContain(leaked.id);
    expect((await getDb().select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, kept.id)))[0]!.revokedAt).toBeNull();
  });

  it('is refused to anyone else, and to a token of an administrator', async () => {
    const [ds, admin] = await Promise.all([makeActor(['data_scientist']), makeActor(['admin'])]);
    await expect(listLiveTokens(ds)).rejects.toThrow(Forbidden);
    await expect(listLiveTokens({ ...admin, type: 'token', tokenId: 't', scopes: ['read', 'register'] })).rejects.toThrow(Forbidden);
    const own = await createApiToken(ds, ds.userId, { name: 'mine', scopes: ['read'] });
    expect((await revokeApiToken(ds, own.id)).revokedAt).not.toBeNull();
  });
});
