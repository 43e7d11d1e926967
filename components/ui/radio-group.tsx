'use client';

import type { ReactNode } from 'react';
import { cn } from './cn';
import { FieldError, REQUIRED_MARK, useFieldId } from './form';

type Option = { value: string; label: ReactNode; hint?: string };
type Props = {
  legend: string;
  name: string;
  options: Option[];
  error?: string;
  required?: boolean;
  hint?: ReactNode;
  /** Sent as true or false (options "true" and "false") rather than as text. */
  boolean?: boolean;
  onChange?: (value: string) => void;
};

/**
 * One choice among a few, none chosen until the person chooses: for answers that must be deliberate. Its error is
 * linked from the form's error summary to the first option.
 */
export function RadioGroup({ legend, name, options, error, required, hint, boolean, onChange }: Props) {
  const id = useFieldId(name);
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset>
      <legend className={cn('text-sm font-medium text-slate-800', required && REQUIRED_MARK)}>
        {legend}
        {required ? <span className="sr-only"> (required)</span> : null}
      </legend>
      {hint ? <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      <div className="mt-2 space-y-2">
        {options.map((option, i) => (
          <label key={option.value} className="flex items-start gap-3 text-sm text-slate-700">
            <input
              id={i === 0 ? id : undefined}
              type="radio"
              name={name}
              value={option.value}
              required={required}
              data-boolean={boolean ? '' : undefined}
              aria-describedby={describedBy}
              onChange={onChange ? (event) => onChange(event.currentTarget.value) : undefined}
              className="mt-0.5 size-4 shrink-0 border-slate-300"
            />
            <span>
              {option.label}
              {option.hint ? <span className="block text-xs text-slate-500">{option.hint}</span> : null}
            </span>
          </label>
        ))}
      </div>
      <FieldError id={`${id}-error`} controlId={id} label={legend} error={error} />
    </fieldset>
  );
}
