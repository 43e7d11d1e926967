'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { CheckboxGroup } from '@/components/ui/checkbox-group';
import { FormMessage, RequiredNote, TextField, useServerForm } from '@/components/ui/form';
import { announce } from '@/components/ui/toast';
import { API_TOKEN_SCOPES } from '@/db/schema/vocabulary';
import type { ActionResult } from '@/lib/http/form-action';
import { SubmitButton } from '@/components/ui/submit-button';

const SCOPE_HELP: Record<string, string> = {
  read: 'Read the inventory, lineage and audit trail',
  register: 'Register systems, models, versions, datasets, runs and artifacts',
  'lineage:write': 'Send OpenLineage events and record runs',
  'deploy:report': 'Report which digest a deployment runs',
  'monitoring:write': 'Send production monitoring results (metrics and drift)',
  'findings:write': 'Raise and update findings and incidents',
  promote: 'Ask for a promotion from CI (never sign: signatures are people\'s)',
};

/** `maxDays`: the server's cap on a token's life (API_TOKEN_MAX_DAYS), null when a token may never expire. */
type Props = { action: (input: Record<string, unknown>) => Promise<ActionResult<{ secret: string; name: string }>>; maxDays: number | null };

/** Tokens expire unless the person decides otherwise: a leaked CI secret should not work forever. */
const DEFAULT_EXPIRY_DAYS = 90;

/**
 * The secret, shown once, with focus moved to it (the form that had focus has just emptied) and a Copy button that
 * says whether it copied; where the clipboard is out of reach (a plain-HTTP address), it selects the secret instead.
 */
function CreatedSecret({ created, onDone }: { created: { secret: string; name: string }; onDone: () => void }) {
  const panel = useRef<HTMLDivElement>(null);
  const secret = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => panel.current?.focus(), [created]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied(true);
      announce('Secret copied.');
    } catch {
      window.getSelection()?.selectAllChildren(secret.current!);
      announce('The browser did not allow copying: the secret is selected, copy it with your keyboard.');
    }
  };
  return (
    // Only the sentence is announced: a screen reader must not read the secret aloud.
    <div ref={panel} tabIndex={-1} className="rounded-md border border-emerald-200 bg-emerald-50 p-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
      <p role="status" className="text-sm font-medium text-emerald-900">Token “{created.name}” created. Copy the secret now: it is shown only once and only its SHA-256 is kept.</p>
      <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
        <code ref={secret} data-testid="token-secret" className="flex-1 rounded bg-white px-3 py-2 font-mono text-xs break-all ring-1 ring-emerald-200">{created.secret}</code>
        <div className="flex gap-2">
          <Button variant="secondary" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>
          <Button variant="secondary" onClick={onDone}>Done</Button>
        </div>
      </div>
    </div>
  );
}

/** Creates a token and shows its secret exactly once; the form empties, so a second click cannot make a twin. */
export function CreateTokenForm({ action, maxDays }: Props) {
  const router = useRouter();
  const [created, setCreated] = useState<{ secret: string; name: string } | null>(null);
  const { onSubmit, pending, errors, message } = useServerForm(action, (data, form) => {
    form.reset();
    setCreated(data);
    router.refresh();
  });
  return (
    <div className="space-y-4">
      {created ? <CreatedSecret key={created.secret} created={created} onDone={() => setCreated(null)} /> : null}
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormMessage message={message} />
        <RequiredNote />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Name" name="name" errors={errors} placeholder="e.g. ci-pipeline" required />
          {maxDays === null ? (
            <TextField label="Expires in days" name="expiresInDays" type="number" min={1} max={366} errors={errors} defaultValue={DEFAULT_EXPIRY_DAYS} placeholder="Never" hint="From 1 to 366; empty for a token that never expires." />
          ) : (
            <TextField label="Expires in days" name="expiresInDays" type="number" min={1} max={maxDays} errors={errors} defaultValue={Math.min(DEFAULT_EXPIRY_DAYS, maxDays)} required hint={`From 1 to ${maxDays}: this server's tokens must expire.`} />
          )}
        </div>
        <CheckboxGroup
          legend="Scopes"
          name="scopes"
          required
          error={errors.scopes}
          options={API_TOKEN_SCOPES.map((scope) => ({ value: scope, label: <span className="font-mono text-xs">{scope}</span>, hint: SCOPE_HELP[scope] }))}
        />
        <div className="flex justify-end">
          <SubmitButton disabled={pending}>{pending ? 'Creating…' : 'Create token'}</SubmitButton>
        </div>
      </form>
    </div>
  );
}
