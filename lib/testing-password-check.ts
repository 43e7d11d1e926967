import type * as Password from '@/lib/auth/password';

/**
 * Test support: what runs while a password is being checked (after the hash compared, before the answer), the
 * moment another request can commit in between. Set `run`; it runs once, at the next check.
 */
export const duringPasswordCheck: { run: null | (() => Promise<void>) } = { run: null };

/**
 * The password module with that moment opened up, for a test's
 * `vi.mock('@/lib/auth/password', async (real) => (await import('@/lib/testing-password-check')).withPasswordCheckHook(await real()))`.
 */
export function withPasswordCheckHook(real: typeof Password): typeof Password {
  return {
    ...real,
    verifyPassword: async (password: string, hash: string) => {
      const verdict = await real.verifyPassword(password, hash);
      const run = duringPasswordCheck.run;
      duringPasswordCheck.run = null;
      await run?.();
      return verdict;
    },
  };
}
