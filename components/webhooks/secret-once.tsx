'use client';

import { Button } from '@/components/ui/button';

/** A signing secret shown once; only the sentence is announced, so a screen reader does not read the secret aloud. */
export function SecretOnce({ sentence, secret, onDone }: { sentence: string; secret: string; onDone: () => void }) {
  return (
    <div className="rounded-md border border-emerald-200 bg-emerald-50 p-4">
      <p role="status" className="text-sm font-medium text-emerald-900">{sentence} Copy the signing secret now: it is shown only once.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code data-testid="webhook-secret" className="min-w-0 flex-1 basis-64 rounded bg-white px-3 py-2 font-mono text-xs break-all ring-1 ring-emerald-200">{secret}</code>
        <Button variant="secondary" onClick={() => navigator.clipboard?.writeText(secret)}>Copy</Button>
        <Button variant="secondary" onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
