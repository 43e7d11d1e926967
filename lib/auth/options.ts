import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { headers } from 'next/headers';
import { publicUrl } from '@/lib/config';
import { z } from 'zod';
import { authLogger, SessionNotLive } from './auth-logger';
import { sameOriginRedirect } from './callback-url';
import { requestMetaFrom } from './request-meta';
import { authSecret } from './secret';
import { SIGN_IN_FAILED, signInWithPassword } from './sign-in';
import { signOut } from './sign-out';
import { isSessionLive, SESSION_MAX_AGE_S } from './user-sessions';

const ZCredentials = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

let options: NextAuthOptions | undefined;

/** Built on first use so that `next build` never needs the data directory. */
export function authOptions(): NextAuthOptions {
  process.env.NEXTAUTH_URL ??= publicUrl().replace(/\/$/, '');
  options ??= {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/login', error: '/login' },
    logger: authLogger,
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const parsed = ZCredentials.safeParse(credentials);
          if (!parsed.success) throw new Error(SIGN_IN_FAILED);
          const user = await signInWithPassword(parsed.data, requestMetaFrom(new Headers(req.headers as Record<string, string>)));
          if (!user) throw new Error(SIGN_IN_FAILED);
          return { id: user.id, email: user.email, name: user.name, sid: user.sessionId };
        },
      }),
    ],
    callbacks: {
      /** Every reader of the session cookie passes here: a cookie counts only while its session row is live. */
      async jwt({ token, user }) {
        if (user) return { ...token, sub: user.id, sid: (user as { sid?: string }).sid };
        if (!await isSessionLive(token.sid, token.sub)) throw new SessionNotLive();
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub, sid: token.sid };
      },
      redirect({ url, baseUrl }) {
        return sameOriginRedirect(url, baseUrl);
      },
    },
    events: {
      async signOut({ token }) {
        await signOut(token?.sid, requestMetaFrom(await headers()));
      },
    },
  };
  return options;
}
