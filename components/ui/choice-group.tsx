'use client';

import type { ReactNode } from 'react';
import { cn } from './cn';
import { FieldError, REQUIRED_MARK } from './form';

export type ChoiceOption = { value: string; label: ReactNode; hint?: string };

/**
 * The frame of a group of checkboxes or radios: a fieldset whose legend says "required" (a fieldset cannot be
 * `required` itself), an optional hint, the options, and the group's error, linked from the form's error summary to
 * the first option (`id`).
 */
export function ChoiceGroup({ id, legend, required, hint, error, className, children }: { id: string; legend: string; required?: boolean; hint?: ReactNode; error?: string; className: string; children: ReactNode }) {
  return (
    <fieldset>
      <legend className={cn('text-sm font-medium text-slate-800', required && REQUIRED_MARK)}>
        {legend}
        {required ? <span className="sr-only"> (required)</span> : null}
      </legend>
      {hint ? <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      <div className={className}>{children}</div>
      <FieldError id={`${id}-error`} controlId={id} label={legend} error={error} />
    </fieldset>
  );
}

/** One option: its box and its label, with the option's hint under the label. */
export function ChoiceLabel({ option, children }: { option: ChoiceOption; children: ReactNode }) {
  return (
    <label className="flex items-start gap-3 text-sm text-slate-700">
      {children}
      <span>
        {option.label}
        {option.hint ? <span className="block text-xs text-slate-500">{option.hint}</span> : null}
      </span>
    </label>
  );
}
