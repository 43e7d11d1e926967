'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormMessage, RequiredNote, useServerForm } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';
import { EndpointFields } from './endpoint-fields';
import { SecretOnce } from './secret-once';
import { SubmitButton } from '@/components/ui/submit-button';

type Created = { id: string; url: string; secret: string };
type Props = { eventTypes: readonly string[]; action: (input: Record<string, unknown>) => Promise<ActionResult<Created>> };

/** Adds an endpoint and shows its secret once; the form empties, so a second click cannot make a twin. */
export function CreateEndpointForm({ eventTypes, action }: Props) {
  const router = useRouter();
  const [created, setCreated] = useState<Created | null>(null);
  const { onSubmit, pending, errors, message } = useServerForm(action, (data, form) => {
    form.reset();
    setCreated(data);
    router.refresh();
  });
  return (
    <div className="space-y-4">
      {created ? <SecretOnce sentence={`Endpoint ${created.url} added.`} secret={created.secret} onDone={() => setCreated(null)} /> : null}
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormMessage message={message} />
        <RequiredNote />
        <EndpointFields errors={errors} eventTypes={eventTypes} />
        <div className="flex justify-end">
          <SubmitButton disabled={pending}>{pending ? 'Adding…' : 'Add endpoint'}</SubmitButton>
        </div>
      </form>
    </div>
  );
}
