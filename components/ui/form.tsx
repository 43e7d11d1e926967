'use client';

import { useEffect, useId, useRef, useState, useTransition, type FormEvent, type InputHTMLAttributes, type ReactNode, type RefObject, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { fieldsToCorrect } from '@/lib/http/fields-to-correct';
import type { ActionResult } from '@/lib/http/form-action';
import { cn } from './cn';
import { readForm } from './read-form';
import { SelectOptions, type SelectOption } from './select-options';

export { FormMessage } from './error-summary';

type FormState = { message: string | null; code: string | null; fieldErrors: Record<string, string>; failures: number };
const CLEAN: FormState = { message: null, code: null, fieldErrors: {}, failures: 0 };

const isControl = (target: EventTarget | null) => target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;

/**
 * Drops the errors of `name` (and of its items, "metrics.0" under "metrics"): the count in "3 fields to correct." follows,
 * and a refused form whose fields are all fixed has nothing left to say.
 */
function withoutField(state: FormState, name: string): FormState {
  const before = Object.keys(state.fieldErrors).length;
  const fieldErrors = Object.fromEntries(Object.entries(state.fieldErrors).filter(([path]) => path !== name && !path.startsWith(`${name}.`)));
  const left = Object.keys(fieldErrors).length;
  if (left === before) return state;
  if (state.code !== 'invalid') return { ...state, fieldErrors };
  const message = left === 0 ? null : state.message === fieldsToCorrect(before) ? fieldsToCorrect(left) : state.message;
  return { ...state, fieldErrors, message };
}

/**
 * A field's error goes as soon as the person's edit satisfies the field's own constraints, not at the next submit; on
 * input rather than on blur, so the message leaving never moves the button they are reaching for.
 */
function useClearFixedFields(form: RefObject<HTMLFormElement | null>, hasErrors: boolean, update: (change: (state: FormState) => FormState) => void) {
  useEffect(() => {
    const element = form.current;
    if (!element || !hasErrors) return;
    const clear = (event: Event) => {
      const control = event.target;
      if (!isControl(control)) return;
      const { name } = control as HTMLInputElement;
      // After the whole event, never inside it: a render here runs before React's own change handler reaches the
      // field, and puts a controlled field's old value back over the keystroke that made it valid.
      if (name) setTimeout(() => (control as HTMLInputElement).checkValidity() && update((state) => withoutField(state, name)));
    };
    element.addEventListener('input', clear);
    return () => element.removeEventListener('input', clear);
  }, [form, hasErrors, update]);
}

/**
 * Submits a form's JSON to a server action and keeps its field errors; nothing is written unless the action succeeds.
 * After a failure focus moves to the form's error summary (FormMessage); `reset` forgets the errors (a closed dialog).
 */
export function useServerForm<T>(action: (input: Record<string, unknown>) => Promise<ActionResult<T>>, onSuccess: (data: T, form: HTMLFormElement) => void) {
  const [state, setState] = useState<FormState>(CLEAN);
  const [pending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    formRef.current = form;
    const input = readForm(form);
    startTransition(async () => {
      const result = await action(input);
      if (result.ok) {
        setState(CLEAN);
        onSuccess(result.data, form);
      } else setState((previous) => ({ message: result.message, code: result.code, fieldErrors: result.fieldErrors, failures: previous.failures + 1 }));
    });
  };
  useEffect(() => {
    if (state.failures > 0) formRef.current?.querySelector<HTMLElement>('[data-error-summary]')?.focus();
  }, [state.failures]);
  useClearFixedFields(formRef, Object.keys(state.fieldErrors).length > 0, setState);
  const reset = () => setState(CLEAN);
  return { onSubmit, pending, errors: state.fieldErrors, message: state.message, reset };
}

/** Marks a required label with a red * that screen readers skip (they hear the control's own `required`). */
export const REQUIRED_MARK = "after:ml-0.5 after:text-rose-700 after:[content:'*'_/_'']";

/** Explains the * once, at the top of a form; shown only when the form holds a required field. */
export function RequiredNote() {
  return <p className="hidden text-xs text-slate-500 [form:has([required])_&]:block"><span aria-hidden="true" className="text-rose-700">*</span> marks a required field.</p>;
}

/** A field's error, marked so the form's error summary can link to `controlId` under `label`. */
export function FieldError({ id, controlId, label, error }: { id?: string; controlId: string; label: string; error?: string }) {
  if (!error) return null;
  return <p id={id} data-field-error data-control={controlId} data-label={label} className="mt-1 text-xs font-medium text-rose-700">{error}</p>;
}

type FieldProps = { label: string; name: string; error?: string; hint?: ReactNode; required?: boolean; children: (ids: { id: string; describedBy?: string; invalid: boolean }) => ReactNode; className?: string };

/** Ids are unique per rendered field, so several forms on one page never share labels. */
export function useFieldId(name: string) {
  return `${useId()}${name.replaceAll('.', '-')}`;
}

export function Field({ label, name, error, hint, required, children, className }: FieldProps) {
  const id = useFieldId(name);
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className={cn('block text-sm font-medium text-slate-800', required && REQUIRED_MARK)}>
        {label}
      </label>
      <div className="mt-1">{children({ id, describedBy, invalid: !!error })}</div>
      {hint ? <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      <FieldError id={`${id}-error`} controlId={id} label={label} error={error} />
    </div>
  );
}

export const CONTROL = 'block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-2 aria-[invalid=true]:ring-rose-500 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500';

/** `className` styles the field's wrapper (layout); `mono` sets the control in the monospace face (digests, JSON). */
type Common = { label: string; name: string; errors: Record<string, string>; hint?: ReactNode; className?: string; mono?: boolean };

export function TextField({ label, name, errors, hint, className, mono, ...props }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} name={name} error={errors[name]} hint={hint} required={props.required} className={className}>
      {({ id, describedBy, invalid }) => <input id={id} name={name} aria-describedby={describedBy} aria-invalid={invalid} className={cn(CONTROL, mono && 'font-mono')} {...props} />}
    </Field>
  );
}

export function TextAreaField({ label, name, errors, hint, className, mono, ...props }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field label={label} name={name} error={errors[name]} hint={hint} required={props.required} className={className}>
      {({ id, describedBy, invalid }) => <textarea id={id} name={name} rows={3} aria-describedby={describedBy} aria-invalid={invalid} className={cn(CONTROL, mono && 'font-mono')} {...props} />}
    </Field>
  );
}

/**
 * React leaves a select's value alone when it hydrates: a choice made before the page's script ran stays on screen while
 * a controlled field's state still holds the server's value (the scope of a pack read "One AI system" and offered no
 * system). On mount such a choice is announced as the change it was.
 */
function useChoiceMadeBeforeHydration(value: SelectHTMLAttributes<HTMLSelectElement>['value']) {
  const ref = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    const select = ref.current;
    if (select && value !== undefined && select.value !== String(value)) select.dispatchEvent(new Event('change', { bubbles: true }));
    // Only the value the page was drawn with can disagree with a choice made before hydration.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return ref;
}

export function SelectField({ label, name, errors, hint, className, options, ...props }: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: SelectOption[] }) {
  const ref = useChoiceMadeBeforeHydration(props.value);
  return (
    <Field label={label} name={name} error={errors[name]} hint={hint} required={props.required} className={className}>
      {({ id, describedBy, invalid }) => (
        <select ref={ref} id={id} name={name} aria-describedby={describedBy} aria-invalid={invalid} className={CONTROL} {...props}>
          <SelectOptions options={options} />
        </select>
      )}
    </Field>
  );
}

export function CheckboxField({ label, name, hint, className, ...props }: Omit<Common, 'errors'> & InputHTMLAttributes<HTMLInputElement>) {
  const id = useFieldId(name);
  return (
    <div className={cn('flex items-start gap-3', className)}>
      <input id={id} name={name} type="checkbox" className="mt-0.5 size-4 shrink-0 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600" {...props} />
      <label htmlFor={id} className="text-sm text-slate-800">
        {label}
        {hint ? <span className="block text-xs text-slate-500">{hint}</span> : null}
      </label>
    </div>
  );
}
