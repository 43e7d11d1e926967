'use client';

import { useRouter } from 'next/navigation';
import { FormMessage, RequiredNote, TextField, useServerForm } from '@/components/ui/form';
import { announce } from '@/components/ui/toast';
import type { ActionResult } from '@/lib/http/form-action';
import { plural } from '@/lib/words';
import { ModelPicker } from './model-picker';
import { SubmitButton } from '@/components/ui/submit-button';

type Mapped = { model: string; registered: number };

/** Says which Provenant model an MLflow registered model is; versions that waited for it register at once. */
export function MapModelForm({ action }: { action: (input: Record<string, unknown>) => Promise<ActionResult<Mapped>> }) {
  const router = useRouter();
  const { onSubmit, pending, errors, message } = useServerForm(action, (data, form) => {
    form.reset();
    announce(`Mapped to ${data.model}.${data.registered ? ` Registered ${plural(data.registered, 'waiting version')}.` : ''}`);
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4">
      <FormMessage message={message} />
      <RequiredNote />
      <TextField label="MLflow registered model name" name="name" errors={errors} required mono autoComplete="off" hint="Exactly as MLflow spells it, e.g. fraud-detector." />
      <ModelPicker error={errors.modelIds ?? errors.modelId} />
      <div className="flex justify-end">
        <SubmitButton disabled={pending}>{pending ? 'Mapping…' : 'Map model'}</SubmitButton>
      </div>
    </form>
  );
}
