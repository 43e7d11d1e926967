'use client';

import { useEffect, useRef } from 'react';

/**
 * What the signature did, kept on the page (the toast only says it was recorded). It takes the focus that the
 * closed dialog's Sign button, now gone, can no longer hold, so keyboard and screen-reader users land on it.
 */
export function SignConfirmation({ message }: { message: string | null }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  if (!message) return null;
  return (
    <p ref={ref} tabIndex={-1} data-testid="sign-confirmation" className="mb-6 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-900 focus:outline-2 focus:outline-offset-2 focus:outline-emerald-600">
      {message}
    </p>
  );
}
