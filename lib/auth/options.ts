import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { requestMetaFrom } from './request-meta';
import { authSecret } from './secret';
import { SIGN_IN_FAILED, signInWithPassword } from './sign-in';

const ZCredentials = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

export const SESSION_MAX_AGE_S = 8 * 60 * 60;

let options: NextAuthOptions | undefined;

/** Built on first use so that `next build` never needs the data directory. */
export function authOptions(): NextAuthOptions {
  process.env.NEXTAUTH_URL ??= `http://localhost:${process.env.PORT ?? 3000}`;
  options ??= {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const parsed = ZCredentials.safeParse(credentials);
          if (!parsed.success) throw new Error(SIGN_IN_FAILED);
          const user = await signInWithPassword(parsed.data, requestMetaFrom(new Headers(req.headers as Record<string, string>)));
          if (!user) throw new Error(SIGN_IN_FAILED);
          return user;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub };
      },
    },
  };
  return options;
}
