'use client';

import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionResult } from '@/lib/http/form-action';
import { EndpointFields, type EndpointDefaults } from './endpoint-fields';
import { SecretOnce } from './secret-once';

type Action<T = unknown> = (input: Record<string, unknown>) => Promise<ActionResult<T>>;

export function EditEndpointButton({ endpoint, eventTypes, action }: { endpoint: EndpointDefaults; eventTypes: readonly string[]; action: Action }) {
  return (
    <ConfirmDialog trigger="Edit" title="Edit the endpoint" confirm="Save" done="Endpoint saved." action={action}>
      {(errors) => <EndpointFields errors={errors} eventTypes={eventTypes} defaults={endpoint} />}
    </ConfirmDialog>
  );
}

/** Rotation takes effect at once: the receiver must switch to the new secret, shown here once. */
export function RotateSecretButton({ action }: { action: Action<{ secret: string }> }) {
  const [secret, setSecret] = useState<string | null>(null);
  const rotate: Action<{ secret: string }> = async (input) => {
    const result = await action(input);
    if (result.ok) setSecret(result.data.secret);
    return result;
  };
  return (
    <>
      <ConfirmDialog trigger="Rotate secret" title="Rotate the signing secret?" confirm="Rotate secret" tone="danger" done="Secret rotated." action={rotate}>
        {() => <p className="text-sm text-slate-600">Every message from now on, retries included, is signed with a new secret, and the old one stops working at once. Update the receiver straight after.</p>}
      </ConfirmDialog>
      {secret ? <div className="basis-full"><SecretOnce sentence="Secret rotated." secret={secret} onDone={() => setSecret(null)} /></div> : null}
    </>
  );
}

export function SetEnabledButton({ enabled, action }: { enabled: boolean; action: Action }) {
  return enabled ? (
    <ConfirmDialog trigger="Disable" title="Disable this endpoint?" confirm="Disable" tone="danger" done="Endpoint disabled." action={action}>
      {() => <p className="text-sm text-slate-600">Nothing is sent to it while it is disabled. Events still queue for it and are sent when you enable it again.</p>}
    </ConfirmDialog>
  ) : (
    <ConfirmDialog trigger="Enable" title="Enable this endpoint?" confirm="Enable" done="Endpoint enabled." action={action}>
      {() => <p className="text-sm text-slate-600">Deliveries that queued while it was disabled are sent within a minute.</p>}
    </ConfirmDialog>
  );
}

export function SendTestEventButton({ action }: { action: Action }) {
  return (
    <ConfirmDialog trigger="Send test event" triggerVariant="primary" title="Send a test event?" confirm="Send" done="Test event queued; it appears in the log below." action={action}>
      {() => <p className="text-sm text-slate-600">A signed <code className="font-mono text-xs">webhook.test</code> event goes to this endpoint within about 15 seconds, whatever events it subscribes to.</p>}
    </ConfirmDialog>
  );
}

/** `endpointEnabled` false: the attempt waits until the endpoint is enabled again, and the dialog says so. */
export function RedeliverButton({ eventType, action, endpointEnabled }: { eventType: string; action: Action; endpointEnabled: boolean }) {
  const waits = endpointEnabled ? '' : ' The endpoint is disabled: the attempt waits until it is enabled again.';
  return (
    <ConfirmDialog trigger="Redeliver" triggerLabel={`Redeliver ${eventType}`} title="Redeliver this event?" confirm="Redeliver" done={endpointEnabled ? 'Redelivery queued.' : 'Redelivery queued; it is sent once the endpoint is enabled.'} action={action}>
      {() => <p className="text-sm text-slate-600">One more attempt, with the same webhook-id so the receiver can tell it is a repeat. If it fails it is marked failed again.{waits}</p>}
    </ConfirmDialog>
  );
}
