'use client';

import { useRouter } from 'next/navigation';
import { useTransition, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { announce } from '@/components/ui/toast';
import type { ActionResult } from '@/lib/http/form-action';
import type { MarkReadInput } from '@/lib/inbox/schemas';

/** The page's server action that marks the signed-in person's notifications read. */
export type MarkRead = (input: MarkReadInput) => Promise<ActionResult<{ marked: number; unread: number }>>;

type Props = { action: MarkRead; input: MarkReadInput; done: string; children: ReactNode; variant?: 'secondary' | 'ghost' };

/** Marks one item, or all of them, read; says so aloud and refreshes the page and the navigation's count. */
export function MarkReadButton({ action, input, done, children, variant = 'secondary' }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const onClick = () =>
    startTransition(async () => {
      const result = await action(input);
      announce(result.ok ? done : result.message);
      if (result.ok) router.refresh();
    });
  return (
    <Button variant={variant} onClick={onClick} disabled={pending} className="px-2.5 py-1 text-xs">
      {children}
    </Button>
  );
}
