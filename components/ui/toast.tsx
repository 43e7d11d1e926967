'use client';

import { useEffect, useSyncExternalStore } from 'react';

type Toast = { id: number; message: string };

const SHOWN_FOR_MS = 6000;
let current: Toast | null = null;
let lastId = 0;
const listeners = new Set<() => void>();

function show(toast: Toast | null) {
  current = toast;
  for (const listener of listeners) listener();
}

/**
 * Confirms that something worked ("System registered."): shown for a few seconds by the Toaster in the app shell and
 * read out by screen readers. Safe to call just before navigating: the Toaster outlives the page.
 */
export function announce(message: string) {
  show({ id: ++lastId, message });
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/**
 * One polite live region that is always in the page (a region added together with its text is often not read),
 * holding the latest confirmation; the newest replaces the last. Dismissible; hidden again after a few seconds.
 */
export function Toaster() {
  const toast = useSyncExternalStore(subscribe, () => current, () => null);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => current?.id === toast.id && show(null), SHOWN_FOR_MS);
    return () => clearTimeout(timer);
  }, [toast]);
  return (
    <div className="pointer-events-none fixed inset-x-4 bottom-4 z-50 flex justify-center sm:inset-x-auto sm:right-6 sm:bottom-6">
      <div className={toast ? 'pointer-events-auto flex max-w-sm items-start gap-3 rounded-lg bg-slate-900 px-4 py-3 text-sm text-white shadow-lg' : 'sr-only'}>
        <div role="status" className="flex-1">
          {toast ? <p key={toast.id}>{toast.message}</p> : null}
        </div>
        {toast ? (
          <button type="button" onClick={() => show(null)} className="-my-1 rounded px-1.5 py-1 text-slate-300 hover:bg-slate-700 hover:text-white">
            Dismiss
          </button>
        ) : null}
      </div>
    </div>
  );
}
