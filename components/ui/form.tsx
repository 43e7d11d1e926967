'use client';

import { useId, useState, useTransition, type FormEvent, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import type { ActionResult } from '@/lib/http/form-action';
import { cn } from './cn';
import { readForm } from './read-form';

type FormState = { message: string | null; fieldErrors: Record<string, string> };

/** Submits a form's JSON to a server action and keeps its field errors; nothing is written unless the action succeeds. */
export function useServerForm<T>(action: (input: Record<string, unknown>) => Promise<ActionResult<T>>, onSuccess: (data: T) => void) {
  const [state, setState] = useState<FormState>({ message: null, fieldErrors: {} });
  const [pending, startTransition] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = readForm(event.currentTarget);
    startTransition(async () => {
      const result = await action(input);
      if (result.ok) {
        setState({ message: null, fieldErrors: {} });
        onSuccess(result.data);
      } else setState({ message: result.message, fieldErrors: result.fieldErrors });
    });
  };
  return { onSubmit, pending, errors: state.fieldErrors, message: state.message };
}

export function FormMessage({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
      {message}
    </div>
  );
}

type FieldProps = { label: string; name: string; error?: string; hint?: ReactNode; children: (ids: { id: string; describedBy?: string; invalid: boolean }) => ReactNode; className?: string };

/** Ids are unique per rendered field, so several forms on one page never share labels. */
function useFieldId(name: string) {
  return `${useId()}${name.replaceAll('.', '-')}`;
}

export function Field({ label, name, error, hint, children, className }: FieldProps) {
  const id = useFieldId(name);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="mt-1">{children({ id, describedBy, invalid: !!error })}</div>
      {hint ? <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      {error ? <p id={`${id}-error`} className="mt-1 text-xs font-medium text-rose-700">{error}</p> : null}
    </div>
  );
}

const CONTROL = 'block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-rose-500';

/** `className` styles the field's wrapper (layout); `mono` sets the control in the monospace face (digests, JSON). */
type Common = { label: string; name: string; errors: Record<string, string>; hint?: ReactNode; className?: string; mono?: boolean };

export function TextField({ label, name, errors, hint, className, mono, ...props }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} name={name} error={errors[name]} hint={hint} className={className}>
      {({ id, describedBy, invalid }) => <input id={id} name={name} aria-describedby={describedBy} aria-invalid={invalid} className={cn(CONTROL, mono && 'font-mono')} {...props} />}
    </Field>
  );
}

export function TextAreaField({ label, name, errors, hint, className, mono, ...props }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field label={label} name={name} error={errors[name]} hint={hint} className={className}>
      {({ id, describedBy, invalid }) => <textarea id={id} name={name} rows={3} aria-describedby={describedBy} aria-invalid={invalid} className={cn(CONTROL, mono && 'font-mono')} {...props} />}
    </Field>
  );
}

export function SelectField({ label, name, errors, hint, className, options, ...props }: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  return (
    <Field label={label} name={name} error={errors[name]} hint={hint} className={className}>
      {({ id, describedBy, invalid }) => (
        <select id={id} name={name} aria-describedby={describedBy} aria-invalid={invalid} className={CONTROL} {...props}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckboxField({ label, name, hint, className, ...props }: Omit<Common, 'errors'> & InputHTMLAttributes<HTMLInputElement>) {
  const id = useFieldId(name);
  return (
    <div className={cn('flex items-start gap-3', className)}>
      <input id={id} name={name} type="checkbox" className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600" {...props} />
      <label htmlFor={id} className="text-sm text-slate-800">
        {label}
        {hint ? <span className="block text-xs text-slate-500">{hint}</span> : null}
      </label>
    </div>
  );
}
