import type { ReactNode } from 'react';
import { AppShell } from '@/components/layout/app-shell';
import { Toaster } from '@/components/ui/toast';
import { requirePageActor } from '@/lib/auth/session';

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const actor = await requirePageActor({ roleless: 'allowed' });
  return (
    <>
      <AppShell actor={actor}>{children}</AppShell>
      <Toaster />
    </>
  );
}
