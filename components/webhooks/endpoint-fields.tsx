'use client';

import { CheckboxGroup } from '@/components/ui/checkbox-group';
import { CheckboxField, TextField } from '@/components/ui/form';

export type EndpointDefaults = { url: string; description: string; eventTypes: string[]; allowPrivateNetwork: boolean };

const EMPTY: EndpointDefaults = { url: '', description: '', eventTypes: [], allowPrivateNetwork: false };

/** The fields an endpoint is created and edited with; `eventTypes` comes from the server (`*` first: every event). */
export function EndpointFields({ errors, eventTypes, defaults = EMPTY }: { errors: Record<string, string>; eventTypes: readonly string[]; defaults?: EndpointDefaults }) {
  return (
    <>
      <TextField label="URL" name="url" type="url" mono required errors={errors} defaultValue={defaults.url} placeholder="e.g. https://hooks.example.com/provenant" hint="http(s) only, no password in it; loopback, private and link-local addresses are refused unless allowed below." />
      <TextField label="Description" name="description" errors={errors} defaultValue={defaults.description} maxLength={200} placeholder="SIEM, ticketing, chat…" />
      <CheckboxGroup
        legend="Events"
        name="eventTypes"
        required
        error={errors.eventTypes}
        selected={defaults.eventTypes}
        options={eventTypes.map((type) => ({ value: type, label: type === '*' ? 'All events, including new ones' : <span className="font-mono text-xs">{type}</span> }))}
      />
      <CheckboxField
        label="Allow private network"
        name="allowPrivateNetwork"
        defaultChecked={defaults.allowPrivateNetwork}
        hint="Lets this endpoint reach loopback, private and link-local addresses (an on-premises receiver). Leave it off for anything on the internet."
      />
    </>
  );
}
