'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState, useTransition, type FormEvent } from 'react';
import { DateField } from '@/components/ui/date-input';
import { FormMessage, SelectField } from '@/components/ui/form';
import { PACKS_QUERY_KEY, postPackRequest } from './pack-api';
import { SubmitButton } from '@/components/ui/submit-button';

type Choice = { id: string; label: string };
type Props = { systems: Choice[]; versions: Choice[] };

const SCOPES = [
  { value: 'inventory', label: 'Whole inventory' },
  { value: 'system', label: 'One AI system' },
  { value: 'model_version', label: 'One model version' },
];

/** Scope and period of a new pack; the server validates both and answers field by field. */
export function PackRequestForm({ systems, versions }: Props) {
  const queryClient = useQueryClient();
  const [scopeType, setScopeType] = useState('inventory');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const picker = scopeType === 'system' ? systems : scopeType === 'model_version' ? versions : null;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = Object.fromEntries(['scopeType', 'scopeId', 'periodFrom', 'periodTo'].map((key) => [key, String(form.get(key) ?? '')]));
    startTransition(async () => {
      const result = await postPackRequest(input);
      if (result.ok) {
        setErrors({});
        setMessage(null);
        await queryClient.invalidateQueries({ queryKey: PACKS_QUERY_KEY });
      } else {
        setErrors(result.issues);
        setMessage(result.message);
      }
    });
  };

  return (
    <form onSubmit={onSubmit} aria-label="Generate an evidence pack" className="space-y-4" noValidate>
      {/* At the top, as on every other form: the summary names the fields to correct before anyone reads them. */}
      <FormMessage message={message} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField label="Scope" name="scopeType" errors={errors} options={SCOPES} value={scopeType} onChange={(event) => setScopeType(event.target.value)} />
        {picker ? (
          <SelectField
            key={scopeType}
            label={scopeType === 'system' ? 'AI system' : 'Model version'}
            name="scopeId"
            required
            errors={errors}
            options={[{ value: '', label: picker.length ? 'Choose…' : 'None registered' }, ...picker.map((choice) => ({ value: choice.id, label: choice.label }))]}
            defaultValue=""
          />
        ) : (
          <input type="hidden" name="scopeId" value="" />
        )}
        <DateField label="Period from" name="periodFrom" errors={errors} hint="YYYY-MM-DD; empty: from the beginning" className={picker ? '' : 'lg:col-start-3'} />
        <DateField label="Period to" name="periodTo" errors={errors} hint="YYYY-MM-DD; empty: up to now (UTC days, inclusive)" />
      </div>
      <div className="flex items-center gap-3">
        <SubmitButton disabled={pending}>
          {pending ? 'Requesting…' : 'Generate pack'}
        </SubmitButton>
        <p className="text-xs text-slate-500">Generation runs in the background; progress shows in the list below.</p>
      </div>
    </form>
  );
}
