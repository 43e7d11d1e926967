import type { ReactNode } from 'react';

/** A list of queue rows, or a one-line empty message that says the queue is clear. */
export function QueueList({ empty, children }: { empty: string; children: ReactNode[] }) {
  if (children.length === 0) return <p className="py-2 text-sm text-slate-500">{empty}</p>;
  return <ul className="divide-y divide-slate-100">{children}</ul>;
}

export function QueueRow({ children, aside }: { children: ReactNode; aside?: ReactNode }) {
  return (
    <li className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 py-2.5">
      <div className="min-w-0 flex-1 basis-56">{children}</div>
      {aside ? <div className="shrink-0 text-xs text-slate-500 sm:text-right">{aside}</div> : null}
    </li>
  );
}

/**
 * A row's title breaks anywhere, one long unbroken word too ("WWWW…" in a finding's title): `anywhere`, unlike
 * `break-word`, also lowers the title's least width, so a phone's card never outgrows the screen.
 */
export const rowLink = 'font-medium wrap-anywhere text-slate-900 hover:text-indigo-700 hover:underline';
