'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { plural } from '@/lib/words';
import { cn } from './cn';
import { Field } from './form';

export type PickerOption = { id: string; label: string; detail?: string };
export type PickerSearch = (q: string, signal: AbortSignal) => Promise<{ items: PickerOption[]; total: number }>;

type Props = {
  label: string;
  /** The form field the chosen ids are submitted in, as an array (see readForm's data-array). */
  name: string;
  hint?: ReactNode;
  error?: string;
  placeholder?: string;
  /** Identifies the source for caching; the search text is appended. */
  queryKey: readonly unknown[];
  search: PickerSearch;
  /** At least one choice is needed: marked as the form's other required fields are. */
  required?: boolean;
};

const DEBOUNCE_MS = 200;
const matches = (n: number) => plural(n, 'match', 'matches');

function useDebounced(value: string) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return debounced;
}

/**
 * A multi-select combobox (WAI-ARIA combobox with a listbox popup) that asks the server as the user types: arrows
 * move through the matches, Enter picks or unpicks one (the list stays open for more), Escape closes the list,
 * Backspace in the empty box removes the last choice; a click picks one and closes the list, uncovering the form. Choices show as removable chips and are submitted as hidden checkboxes named `name`.
 */
export function SearchPicker({ label, name, hint, error, placeholder, queryKey, search, required }: Props) {
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [chosen, setChosen] = useState<PickerOption[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const q = useDebounced(text.trim());
  const { data, error: searchError, isFetching } = useQuery({ queryKey: [...queryKey, q], queryFn: ({ signal }) => search(q, signal), enabled: open, placeholderData: keepPreviousData, staleTime: 30_000 });
  const items = open ? (data?.items ?? []) : [];
  const expanded = items.length > 0;
  const optionId = (index: number) => `${listId}-option-${index}`;

  useEffect(() => {
    if (active >= 0) document.getElementById(`${listId}-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, listId]);

  const isChosen = (option: PickerOption) => chosen.some((c) => c.id === option.id);
  const toggle = (option: PickerOption) => {
    setChosen((list) => (isChosen(option) ? list.filter((c) => c.id !== option.id) : [...list, option]));
    setAnnouncement(`${isChosen(option) ? 'Removed' : 'Added'} ${option.label}.`);
  };
  const remove = (option: PickerOption) => {
    setChosen((list) => list.filter((c) => c.id !== option.id));
    setAnnouncement(`Removed ${option.label}.`);
    inputRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const last = items.length - 1;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) return setOpen(true);
      setActive((i) => (event.key === 'ArrowDown' ? Math.min(i + 1, last) : Math.max(i - 1, 0)));
    } else if (event.key === 'Enter' && open) {
      event.preventDefault();
      if (items[active]) toggle(items[active]);
    } else if (event.key === 'Escape' && (open || text)) {
      event.preventDefault();
      if (open) setOpen(false);
      else setText('');
    } else if (event.key === 'Backspace' && text === '' && chosen.length > 0) {
      remove(chosen.at(-1)!);
    }
  };

  const status = searchError
    ? `The search failed: ${(searchError as Error).message}`
    : !open || !data
      ? null
      : data.total === 0
        ? `Nothing matches “${q}”.`
        : data.total > data.items.length
          ? `${matches(data.total)}; the first ${data.items.length} are shown, type more to narrow.`
          : matches(data.total);

  return (
    <Field label={label} name={name} error={error} hint={hint} required={required}>
      {({ id, describedBy, invalid }) => (
        <div>
          {chosen.length > 0 ? (
            <ul aria-label={`Chosen: ${label}`} className="mb-2 flex flex-wrap gap-1.5">
              {chosen.map((option) => (
                <li key={option.id} className="flex max-w-full items-center gap-1 rounded-full bg-indigo-50 py-0.5 pr-0.5 pl-3 text-sm text-indigo-900 ring-1 ring-indigo-200 ring-inset">
                  <span className="min-w-0 break-words">{option.label}</span>
                  <button type="button" onClick={() => remove(option)} aria-label={`Remove ${option.label}`} className="grid size-7 shrink-0 place-items-center rounded-full text-indigo-700 hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-indigo-600">
                    <span aria-hidden="true">×</span>
                  </button>
                  <input type="checkbox" hidden data-array name={name} value={option.id} checked readOnly />
                </li>
              ))}
            </ul>
          ) : null}
          <div className="relative">
            <input
              ref={inputRef}
              id={id}
              type="text"
              role="combobox"
              autoComplete="off"
              aria-autocomplete="list"
              aria-expanded={expanded}
              aria-controls={listId}
              aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              aria-required={required}
              placeholder={placeholder}
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                setActive(-1);
                setAnnouncement('');
                setOpen(true);
              }}
              onClick={() => setOpen(true)}
              onBlur={() => setOpen(false)}
              onKeyDown={onKeyDown}
              className="block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-rose-500"
            />
            <div className={cn('absolute z-20 mt-1 w-full overflow-hidden rounded-md bg-white shadow-lg ring-1 ring-slate-200', (!open || (!expanded && !status && !isFetching)) && 'hidden')} onMouseDown={(event) => event.preventDefault()}>
              <ul id={listId} role="listbox" aria-label={label} aria-multiselectable="true" hidden={!expanded} className="max-h-64 overflow-y-auto py-1">
                {items.map((option, index) => (
                  <li
                    key={option.id}
                    id={optionId(index)}
                    role="option"
                    aria-selected={isChosen(option)}
                    onClick={() => {
                      toggle(option);
                      setOpen(false);
                    }}
                    onMouseMove={() => setActive(index)}
                    className={cn('flex cursor-pointer items-start gap-2 px-3 py-2 text-sm', index === active ? 'bg-indigo-600 text-white' : 'text-slate-900')}
                  >
                    <span aria-hidden="true" className="w-4 shrink-0">{isChosen(option) ? '✓' : ''}</span>
                    <span className="min-w-0 break-words">
                      {option.label}
                      {option.detail ? <span className={cn('block text-xs', index === active ? 'text-indigo-100' : 'text-slate-500')}>{option.detail}</span> : null}
                    </span>
                  </li>
                ))}
              </ul>
              {status || isFetching ? <p className="border-t border-slate-100 px-3 py-2 text-xs text-slate-600">{isFetching && !data ? 'Searching…' : status}</p> : null}
            </div>
          </div>
          <p role="status" className="sr-only">{announcement || status}</p>
        </div>
      )}
    </Field>
  );
}
