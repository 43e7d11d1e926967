'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage, TextField, useServerForm } from '@/components/ui/form';
import { API_TOKEN_SCOPES } from '@/db/schema';
import type { ActionResult } from '@/lib/http/form-action';

const SCOPE_HELP: Record<string, string> = {
  read: 'Read the inventory, lineage and audit trail',
  register: 'Register systems, models, versions, datasets, runs and artifacts',
  'lineage:write': 'Send OpenLineage events and record runs',
  'deploy:report': 'Report which digest a deployment runs',
};

type Props = { action: (input: Record<string, unknown>) => Promise<ActionResult<{ secret: string; name: string }>> };

/** Creates a token and shows its secret exactly once. */
export function CreateTokenForm({ action }: Props) {
  const router = useRouter();
  const [created, setCreated] = useState<{ secret: string; name: string } | null>(null);
  const { onSubmit, pending, errors, message } = useServerForm(action, (data) => {
    setCreated(data);
    router.refresh();
  });
  return (
    <div className="space-y-4">
      {created ? (
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-4">
          <p className="text-sm font-medium text-emerald-900">Token “{created.name}” created. Copy the secret now: it is shown only once and only its SHA-256 is kept.</p>
          <div className="mt-2 flex items-center gap-2">
            <code data-testid="token-secret" className="flex-1 rounded bg-white px-3 py-2 font-mono text-xs break-all ring-1 ring-emerald-200">{created.secret}</code>
            <Button variant="secondary" onClick={() => navigator.clipboard?.writeText(created.secret)}>Copy</Button>
          </div>
        </div>
      ) : null}
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormMessage message={message} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Name" name="name" errors={errors} placeholder="ci-pipeline" required />
          <TextField label="Expires in days" name="expiresInDays" type="number" min={1} max={366} errors={errors} placeholder="Never" />
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Scopes</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {API_TOKEN_SCOPES.map((scope) => (
              <label key={scope} className="flex items-start gap-2 text-sm text-slate-700">
                <input type="checkbox" name="scopes" value={scope} data-array className="mt-0.5 size-4 rounded border-slate-300" />
                <span><span className="font-mono text-xs">{scope}</span><span className="block text-xs text-slate-500">{SCOPE_HELP[scope]}</span></span>
              </label>
            ))}
          </div>
          {errors.scopes ? <p className="mt-1 text-xs font-medium text-rose-700">{errors.scopes}</p> : null}
        </fieldset>
        <div className="flex justify-end">
          <Button type="submit" disabled={pending}>{pending ? 'Creating…' : 'Create token'}</Button>
        </div>
      </form>
    </div>
  );
}
