'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';

/**
 * What the signature did, kept on the page (the toast only says it was recorded). It takes the focus that the
 * closed dialog's Sign button, now gone, can no longer hold, so keyboard and screen-reader users land on it.
 */
export function SignConfirmation({ message, next }: { message: string | null; next?: { href: string; label: string } | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  if (!message) return null;
  return (
    <div ref={ref} tabIndex={-1} data-testid="sign-confirmation" className="mb-6 flex flex-wrap items-center justify-between gap-x-4 gap-y-2 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900 focus:outline-2 focus:outline-offset-2 focus:outline-emerald-600">
      <p className="font-medium">{message}</p>
      {/* The signer's next piece of work, so a queue is worked without going back to the list each time. */}
      {next === undefined ? null : next ? (
        <Link href={next.href} className="font-medium text-emerald-900 underline underline-offset-2">{next.label} →</Link>
      ) : (
        <Link href="/approvals" className="text-emerald-900 underline underline-offset-2">Nothing else awaits your signature: back to approvals</Link>
      )}
    </div>
  );
}
