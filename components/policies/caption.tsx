import type { ReactNode } from 'react';

/**
 * A control of a rule row with its column's name above it, at every width (a bare "30" read as nothing). The
 * control's own aria-label, which adds the row's number, stays its accessible name.
 */
export function Caption({ text, children }: { text: string; children: ReactNode }) {
  return (
    <label className="flex min-w-0 flex-col gap-0.5 text-xs text-slate-600">
      <span aria-hidden="true" className="truncate">{text}</span>
      {children}
    </label>
  );
}
