'use client';

import { useRouter } from 'next/navigation';
import { useTransition, type ReactNode } from 'react';
import { markReadAction } from '@/app/(app)/inbox/actions';
import { Button } from '@/components/ui/button';
import { announce } from '@/components/ui/toast';
import type { MarkReadInput } from '@/lib/inbox/schemas';

type Props = { input: MarkReadInput; done: string; children: ReactNode; variant?: 'secondary' | 'ghost' };

/** Marks one item, or all of them, read; says so aloud and refreshes the page and the navigation's count. */
export function MarkReadButton({ input, done, children, variant = 'secondary' }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const onClick = () =>
    startTransition(async () => {
      const result = await markReadAction(input);
      announce(result.ok ? done : result.message);
      if (result.ok) router.refresh();
    });
  return (
    <Button variant={variant} onClick={onClick} disabled={pending} className="px-2.5 py-1 text-xs">
      {children}
    </Button>
  );
}
