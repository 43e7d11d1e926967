import { describe, expect, it } from 'vitest';
import { systemActor } from '@/lib/auth/actor';
import { makeActor } from '@/lib/testing';
import { createUser } from './create-user';
import { listUsers } from './queries';

describe('the admin user list', () => {
  it('orders people by name whatever the case of its first letter', async () => {
    const admin = await makeActor(['admin']);
    const tag = Math.random().toString(36).slice(2, 8);
    for (const name of [`zz ${tag} carol`, `ZZ ${tag} Bob`, `zz ${tag} alice`]) {
      await createUser(systemActor('test'), { email: `${name.replaceAll(' ', '.')}@test.example`.toLowerCase(), name, roles: ['auditor'], password: 'correct horse battery staple' });
    }
    const names = (await listUsers(admin)).map((u) => u.name).filter((n) => n.includes(tag));
    expect(names).toEqual([`zz ${tag} alice`, `ZZ ${tag} Bob`, `zz ${tag} carol`]);
  });
});
