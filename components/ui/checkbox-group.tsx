'use client';

import { ChoiceGroup, ChoiceLabel, type ChoiceOption } from './choice-group';
import { useFieldId } from './form';

type Props = { legend: string; name: string; options: ChoiceOption[]; selected?: string[]; error?: string; required?: boolean };

/** Checkboxes sent as one array (`name: [...]`). */
export function CheckboxGroup({ legend, name, options, selected = [], error, required }: Props) {
  const id = useFieldId(name);
  return (
    <ChoiceGroup id={id} legend={legend} required={required} error={error} className="mt-2 grid gap-2 sm:grid-cols-2">
      {options.map((option, i) => (
        <ChoiceLabel key={option.value} option={option}>
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
        </ChoiceLabel>
      ))}
    </ChoiceGroup>
  );
}
