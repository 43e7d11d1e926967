import { describe, expect, it } from 'vitest';
import type { Role } from '@/db/schema';
import type { Actor } from './actor';
import { assertCan, can } from './permissions';

const actor = (roles: Role[], extra: Partial<Actor> = {}): Actor => ({ type: 'user', userId: 'me', email: 'me@x', name: 'Me', roles, ip: null, userAgent: null, ...extra });
const mine = { ownerIds: ['me'] };
const theirs = { ownerIds: ['someone-else'] };

describe('the permission matrix', () => {
  it('lets auditors read everything and change nothing', () => {
    const auditor = actor(['auditor']);
    expect(can(auditor, 'inventory.read')).toBe(true);
    expect(can(auditor, 'audit.read')).toBe(true);
    for (const p of ['system.create', 'system.update', 'system.classify', 'model.register', 'dataset.register', 'user.manage'] as const) {
      expect(can(auditor, p, mine)).toBe(false);
    }
  });

  it('lets data scientists edit what they own only, and never classify', () => {
    const ds = actor(['data_scientist']);
    expect(can(ds, 'system.update', mine)).toBe(true);
    expect(can(ds, 'system.update', theirs)).toBe(false);
    expect(can(ds, 'model.register', theirs)).toBe(false);
    expect(can(ds, 'system.classify', mine)).toBe(false);
  });

  it('lets risk officers edit and classify any system', () => {
    const ro = actor(['risk_officer']);
    expect(can(ro, 'system.update', theirs)).toBe(true);
    expect(can(ro, 'system.classify', theirs)).toBe(true);
  });

  it('gives admins user management but not inventory edits', () => {
    const admin = actor(['admin']);
    expect(can(admin, 'user.manage')).toBe(true);
    expect(can(admin, 'system.update', mine)).toBe(false);
  });

  it('combines roles: the widest reach wins', () => {
    expect(can(actor(['data_scientist', 'risk_officer']), 'system.update', theirs)).toBe(true);
  });

  it('limits API tokens to their scopes, whatever the owner may do', () => {
    const readOnly = actor(['data_scientist'], { type: 'token', tokenId: 't', scopes: ['read'] });
    expect(can(readOnly, 'inventory.read')).toBe(true);
    expect(can(readOnly, 'system.create')).toBe(false);
    expect(() => assertCan(readOnly, 'system.create')).toThrow(/scope/);
    const register = actor(['data_scientist'], { type: 'token', tokenId: 't', scopes: ['register'] });
    expect(can(register, 'system.create')).toBe(true);
    expect(can(actor(['risk_officer'], { type: 'token', tokenId: 't', scopes: ['register', 'read'] }), 'system.classify')).toBe(false);
  });
});
