'use client';

import type { ReactNode } from 'react';
import { ChoiceGroup, ChoiceLabel, type ChoiceOption } from './choice-group';
import { useFieldId } from './form';

type Props = {
  legend: string;
  name: string;
  options: ChoiceOption[];
  error?: string;
  required?: boolean;
  hint?: ReactNode;
  /** Sent as true or false (options "true" and "false") rather than as text. */
  boolean?: boolean;
  onChange?: (value: string) => void;
};

/** One choice among a few, none chosen until the person chooses: for answers that must be deliberate. */
export function RadioGroup({ legend, name, options, error, required, hint, boolean, onChange }: Props) {
  const id = useFieldId(name);
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <ChoiceGroup id={id} legend={legend} required={required} hint={hint} error={error} className="mt-2 space-y-2">
      {options.map((option, i) => (
        <ChoiceLabel key={option.value} option={option}>
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
        </ChoiceLabel>
      ))}
    </ChoiceGroup>
  );
}
