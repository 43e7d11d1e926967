'use client';

import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { FormMessage, RequiredNote, TextAreaField, TextField, useServerForm } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';
import { SubmitButton } from '@/components/ui/submit-button';

type Saved = { version: number; changed: boolean };
export type TrustAction = (input: Record<string, unknown>) => Promise<ActionResult<Saved>>;
type Errors = Record<string, string>;

/** One change to the trust configuration; saving writes its next version and says which. */
function ChangeForm({ op, label, submit, action, fields }: { op: string; label: string; submit: string; action: TrustAction; fields: (errors: Errors) => ReactNode }) {
  const router = useRouter();
  const [saved, setSaved] = useState<Saved | null>(null);
  const { onSubmit, pending, errors, message } = useServerForm(action, (data, form) => {
    form.reset();
    setSaved(data);
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label={label} className="space-y-3">
      <input type="hidden" name="op" value={op} />
      <h3 className="text-sm font-semibold text-slate-900">{label}</h3>
      <FormMessage message={message} />
      <RequiredNote />
      {fields(errors)}
      {saved ? <p role="status" className="text-sm text-emerald-700">{saved.changed ? `Saved as version ${saved.version}.` : `Nothing changed: still version ${saved.version}.`}</p> : null}
      <div className="flex justify-end">
        <SubmitButton disabled={pending}>{pending ? 'Saving…' : submit}</SubmitButton>
      </div>
    </form>
  );
}

export function AddKeyForm({ action }: { action: TrustAction }) {
  return (
    <ChangeForm op="add_key" label="Add a trusted public key" submit="Add key" action={action} fields={(errors) => (
      <>
        <TextField label="Identity" name="identity" required maxLength={200} errors={errors} hint="The name policies require, such as release-bot or ml-platform." />
        <TextAreaField label="Public key (PEM)" name="publicKeyPem" required mono rows={5} errors={errors} placeholder="-----BEGIN PUBLIC KEY-----" hint="The key the signer's private key pairs with (model_signing sign key, cosign). Its key id is computed." />
      </>
    )} />
  );
}

export function AddAuthorityForm({ action }: { action: TrustAction }) {
  return (
    <ChangeForm op="add_authority" label="Add a certificate authority" submit="Add authority" action={action} fields={(errors) => (
      <>
        <TextField label="Name" name="name" required maxLength={200} errors={errors} />
        <TextAreaField label="Certificate chain (PEM)" name="certificateChainPem" required mono rows={5} errors={errors} placeholder="-----BEGIN CERTIFICATE-----" hint="The root, and intermediates the bundles do not carry." />
        <TextAreaField label="Identities it may vouch for" name="identities" required rows={3} errors={errors} hint="One a line: the certificate's email or URI, else its common name." />
      </>
    )} />
  );
}

export function TrustedRootForm({ action }: { action: TrustAction }) {
  return (
    <ChangeForm op="set_trusted_root" label="Upload a Sigstore trusted root" submit="Save trusted root" action={action} fields={(errors) => (
      <TextAreaField label="trusted_root.json" name="trustedRootJson" required mono rows={5} errors={errors} hint="Paste Sigstore's trusted root (cosign trusted-root create, or the TUF repository's trusted_root.json). Nothing is fetched from the network." />
    )} />
  );
}

export function KeylessIdentityForm({ action }: { action: TrustAction }) {
  return (
    <ChangeForm op="add_keyless_identity" label="Trust a keyless signer" submit="Add signer" action={action} fields={(errors) => (
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Certificate identity" name="subjectAlternativeName" required maxLength={200} errors={errors} hint="Email or URI, as cosign's --certificate-identity." />
        <TextField label="OIDC issuer" name="issuer" type="url" required maxLength={500} errors={errors} hint="As cosign's --certificate-oidc-issuer." />
      </div>
    )} />
  );
}

/** Removes one entry; the configuration's next version no longer holds it. */
export function RemoveEntryButton({ action, list, index, name }: { action: TrustAction; list: string; index: number; name: string }) {
  const router = useRouter();
  const { onSubmit, pending, message } = useServerForm(action, () => router.refresh());
  return (
    <form onSubmit={onSubmit} noValidate>
      <input type="hidden" name="op" value="remove" />
      <input type="hidden" name="list" value={list} />
      <input type="hidden" name="index" value={String(index)} />
      <SubmitButton variant="secondary" disabled={pending} aria-label={`Remove ${name}`}>{pending ? 'Removing…' : 'Remove'}</SubmitButton>
      {message ? <p role="alert" className="mt-1 text-xs text-rose-700">{message}</p> : null}
    </form>
  );
}
