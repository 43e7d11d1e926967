'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionResult } from '@/lib/http/form-action';

/** A risk officer confirms the tier they see; the tier travels with the form, so one changed meanwhile is refused. */
export function ConfirmTierButton({ tier, systemName, action }: { tier: string; systemName: string; action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>> }) {
  return (
    <ConfirmDialog trigger="Confirm tier" triggerVariant="primary" title={`Confirm the ${tier} tier?`} confirm="Confirm tier" done="Tier confirmed." action={action}>
      {() => (
        <>
          <input type="hidden" name="riskTier" value={tier} />
          <p className="text-sm text-slate-600">
            You confirm, as a risk officer who neither owns {systemName} nor classified it, that the {tier} tier fits what it does as this page describes it. Its versions may then go to production under the {tier} tier&rsquo;s gate.
          </p>
          <p className="text-sm text-slate-600">
            A new classification, or a change to its purpose, intended use, deployment context or personal data, waits for a confirmation again. If the tier does not fit, cancel and classify the system again under Edit: another risk officer then confirms it.
          </p>
        </>
      )}
    </ConfirmDialog>
  );
}
