'use client';

import { useRouter } from 'next/navigation';
import { SystemPicker } from '@/components/incidents/system-picker';
import { FormMessage, useServerForm } from '@/components/ui/form';
import { announce } from '@/components/ui/toast';
import type { ActionResult } from '@/lib/http/form-action';
import { plural } from '@/lib/words';
import { SubmitButton } from '@/components/ui/submit-button';

type Action = (input: Record<string, unknown>) => Promise<ActionResult<{ count: number }>>;

/** Allows systems for MLflow's provenant.system tag; without this, a tagged model waits for an admin's mapping. */
export function AllowTagSystemsForm({ action }: { action: Action }) {
  const router = useRouter();
  const { onSubmit, pending, errors, message } = useServerForm(action, (data, form) => {
    form.reset();
    announce(`Allowed ${plural(data.count, 'system')} for the tag.`);
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4">
      <FormMessage message={message} />
      <SystemPicker label="Systems to allow" error={errors.systemIds} hint="Live systems of a permitted tier. Type to search, Enter to choose." />
      <div className="flex justify-end">
        <SubmitButton disabled={pending}>{pending ? 'Allowing…' : 'Allow systems'}</SubmitButton>
      </div>
    </form>
  );
}

/** Stops the tag from creating models in one system; models already created stay where they are. */
export function DisallowTagSystemButton({ action, systemId, name }: { action: Action; systemId: string; name: string }) {
  const router = useRouter();
  const { onSubmit, pending, message } = useServerForm(action, () => {
    announce(`"${name}" is no longer allowed for the tag.`);
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <FormMessage message={message} />
      <input type="hidden" name="systemId" value={systemId} />
      <SubmitButton variant="secondary" disabled={pending} aria-label={`Stop allowing ${name}`}>{pending ? 'Removing…' : 'Remove'}</SubmitButton>
    </form>
  );
}
