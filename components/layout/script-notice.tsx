'use client';

import { useHydrated } from '@/components/ui/submit-button';

/**
 * Forms are sent by the page's script, and their buttons wait for it. Where it never runs, say so: at once when the
 * browser runs no scripts, after a few seconds when the script is allowed but has not loaded (a proxy that drops it, a
 * connection lost mid-page), so a button that never wakes is explained. Hydration removes it; until then CSS alone
 * decides whether it shows (globals.css, `.script-notice`).
 */
export function ScriptNotice() {
  if (useHydrated()) return null;
  return (
    <p role="alert" className="script-notice fixed inset-x-0 top-0 z-50 bg-amber-100 px-4 py-2 text-center text-sm text-amber-950 shadow">
      <span className="script-off">
        Provenant needs JavaScript: its forms, sign-in included, are sent by the page&apos;s script. Allow scripts for this site and reload.
      </span>
      <span className="script-late">
        This page&apos;s script has not loaded, so its forms cannot be sent yet. Check your connection and reload the page.
      </span>
    </p>
  );
}
