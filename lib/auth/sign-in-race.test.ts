import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db';
import { auditEvents, userSessions } from '@/db/schema';
import { systemActor } from './actor';
import { duringPasswordCheck } from '@/lib/testing-password-check';
import { makeActor } from '@/lib/testing';
import { resetPassword } from '@/lib/users/passwords';
import { updateUser } from '@/lib/users/update-user';
import { signInWithPassword } from './sign-in';

vi.mock('./password', async (real) => (await import('@/lib/testing-password-check')).withPasswordCheckHook(await real()));

const PASSWORD = 'correct horse battery staple';
const meta = { ip: '10.1.2.3', userAgent: 'vitest' };
const openSessions = async (userId: string) => await getDb().select().from(userSessions).where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt)));
const actionsAbout = async (userId: string) => (await getDb().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.entityId, userId))).map((e) => e.action);

describe('a sign-in whose password is checked while the account changes', () => {
  it('opens no session when the password is reset in between: the old password no longer signs in', async () => {
    const person = await makeActor(['data_scientist']);
    duringPasswordCheck.run = async () => void (await resetPassword(systemActor('operator'), person.userId, { password: 'a brand new passphrase 2026' }));
    expect(await signInWithPassword({ email: person.email, password: PASSWORD }, meta)).toBeNull();
    expect(await openSessions(person.userId)).toEqual([]);
    expect((await actionsAbout(person.userId)).slice(-2)).toEqual(['user.password_reset', 'auth.sign_in_failed']);
    // The new password signs in as usual.
    expect(await signInWithPassword({ email: person.email, password: 'a brand new passphrase 2026' }, meta)).toMatchObject({ id: person.userId });
  });

  it('opens no session when the account is disabled in between', async () => {
    const [admin, person] = await Promise.all([makeActor(['admin']), makeActor(['data_scientist'])]);
    duringPasswordCheck.run = async () => void (await updateUser(admin, person.userId, { disabled: true }));
    expect(await signInWithPassword({ email: person.email, password: PASSWORD }, meta)).toBeNull();
    expect(await openSessions(person.userId)).toEqual([]);
  });
});
