import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';

/** Options are built per call so that `next build` never touches the data directory. */
function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(request as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
