import Link from 'next/link';
import type { InputHTMLAttributes, ReactNode } from 'react';
import { cn } from './cn';
import { SelectOptions, type SelectOption } from './select-options';

/** Filters as a plain GET form: they live in the URL, so results can be bookmarked and work without JavaScript. */
const CONTROL = 'rounded-md border-0 bg-white px-3 py-2 text-sm shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600';

/** `keep`: parameters the form has no field for (sort, page size) that applying the filters must not drop. */
export function FilterForm({ resetHref, keep = {}, children }: { resetHref: string; keep?: Record<string, string | undefined>; children: ReactNode }) {
  return (
    <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
      {Object.entries(keep).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
      {children}
      <button type="submit" className="rounded-md bg-slate-800 px-3 py-2 text-sm font-medium text-white hover:bg-slate-700">Apply</button>
      <Link href={resetHref} className="px-1 py-2 text-sm text-slate-600 hover:text-slate-900">Reset</Link>
    </form>
  );
}

function FilterLabel({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
      {label}
      {children}
    </label>
  );
}

type SelectProps = { label: string; name: string; value?: string; allLabel: string; options: SelectOption[] };

/** A select whose empty choice means "no filter"; options that name a group are shown under it. */
export function FilterSelect({ label, name, value, allLabel, options }: SelectProps) {
  return (
    <FilterLabel label={label}>
      <select name={name} defaultValue={value ?? ''} className={CONTROL}>
        <option value="">{allLabel}</option>
        <SelectOptions options={options} />
      </select>
    </FilterLabel>
  );
}

export function FilterInput({ label, className, ...props }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FilterLabel label={label}>
      <input className={cn(CONTROL, className)} {...props} />
    </FilterLabel>
  );
}
