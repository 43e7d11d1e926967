'use client';

import type { ReactNode } from 'react';
import { cn } from './cn';
import { FieldError, REQUIRED_MARK, useFieldId } from './form';

type Option = { value: string; label: ReactNode; hint?: string };
type Props = { legend: string; name: string; options: Option[]; selected?: string[]; error?: string; required?: boolean };

/**
 * Checkboxes sent as one array (`name: [...]`). A fieldset cannot be `required`, so "required" is said in the legend;
 * its error is linked from the form's error summary to the first box.
 */
export function CheckboxGroup({ legend, name, options, selected = [], error, required }: Props) {
  const id = useFieldId(name);
  return (
    <fieldset>
      <legend className={cn('text-sm font-medium text-slate-800', required && REQUIRED_MARK)}>
        {legend}
        {required ? <span className="sr-only"> (required)</span> : null}
      </legend>
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        {options.map((option, i) => (
          <label key={option.value} className="flex items-start gap-3 text-sm text-slate-700">
            <input
              id={i === 0 ? id : undefined}
              type="checkbox"
              name={name}
              value={option.value}
              data-array
              defaultChecked={selected.includes(option.value)}
              aria-invalid={!!error}
              aria-describedby={error ? `${id}-error` : undefined}
              className="mt-0.5 size-4 shrink-0 rounded border-slate-300"
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
