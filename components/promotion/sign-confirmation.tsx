'use client';

import { useEffect, useRef } from 'react';

/**
 * Says what the signature did, in a live region that is on the page before the message arrives (so screen readers
 * announce it), and takes the focus the closed dialog's Sign button can no longer hold.
 */
export function SignConfirmation({ message }: { message: string | null }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  return (
    <div role="status" aria-live="polite" aria-atomic="true" data-testid="sign-confirmation">
      {message ? (
        <p ref={ref} tabIndex={-1} className="mb-6 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-900 focus:outline-2 focus:outline-offset-2 focus:outline-emerald-600">
          {message}
        </p>
      ) : null}
    </div>
  );
}
