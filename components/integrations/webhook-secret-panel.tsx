'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SecretOnce } from '@/components/webhooks/secret-once';
import type { ActionResult } from '@/lib/http/form-action';

type Props = { hasSecret: boolean; action: (input: Record<string, unknown>) => Promise<ActionResult<{ secret: string }>> };

/** Creates or replaces the shared secret; it is shown this once, for pasting into MLflow's create_webhook(secret=...). */
export function WebhookSecretButton({ hasSecret, action }: Props) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const run: Props['action'] = async (input) => {
    const result = await action(input);
    if (result.ok) {
      setSecret(result.data.secret);
      router.refresh();
    }
    return result;
  };
  return (
    <div className="space-y-3">
      {secret ? <SecretOnce sentence={hasSecret ? 'Secret set.' : 'Secret created.'} secret={secret} onDone={() => setSecret(null)} /> : null}
      <ConfirmDialog
        trigger={hasSecret ? 'Replace secret' : 'Create secret'}
        triggerVariant={hasSecret ? 'secondary' : 'primary'}
        title={hasSecret ? 'Replace the webhook secret?' : 'Create the webhook secret?'}
        confirm={hasSecret ? 'Replace secret' : 'Create secret'}
        tone={hasSecret ? 'danger' : 'primary'}
        done={hasSecret ? 'Secret replaced.' : 'Secret created.'}
        action={run}
      >
        {() => (
          <p className="text-sm text-slate-600">
            {hasSecret ? 'Deliveries signed with the old secret are refused from now on. ' : ''}The secret is shown once: give it to MLflow as the webhook&apos;s secret.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
