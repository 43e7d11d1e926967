'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/http/form-action';

export function RevokeTokenButton({ name, action }: { name: string; action: () => Promise<ActionResult<unknown>> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="secondary"
      aria-label={`Revoke ${name}`}
      disabled={pending}
      onClick={() => {
        if (!window.confirm(`Revoke the token “${name}”? Calls with it are refused from now on.`)) return;
        startTransition(async () => {
          await action();
          router.refresh();
        });
      }}
    >
      {pending ? 'Revoking…' : 'Revoke'}
    </Button>
  );
}
