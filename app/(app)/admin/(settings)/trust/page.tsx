import type { Metadata } from 'next';
import { AddAuthorityForm, AddKeyForm, KeylessIdentityForm, RemoveEntryButton, TrustedRootForm } from '@/components/signing/trust-forms';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { requirePageActor } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format/date-time';
import { forPage } from '@/lib/http/page-guard';
import { getTrustConfig } from '@/lib/signing/model/get-trust-config';
import { plural } from '@/lib/words';
import { editTrustAction } from './actions';

export const metadata: Metadata = { title: 'Signature trust' };

export default async function TrustPage() {
  const actor = await requirePageActor();
  const { version, createdAt, config, history } = await forPage(async () => await getTrustConfig(actor));
  const keyless = config.trustedRootIdentities;
  return (
    <>
      <PageHeader
        title="Signature trust"
        description={`Model signatures (OpenSSF model signing) are verified offline against this configuration when attached and again at every promotion. ${version === null ? 'Nothing is trusted yet.' : `Version ${version}, saved ${formatDateTime(createdAt)}.`}`}
      />
      <div className="space-y-6">
        <Card title="Trusted public keys">
          <p className="mb-3 text-sm text-slate-600">A key-signed bundle carries no transparency-log entry; the key you pin here is the trust, as with cosign&apos;s --insecure-ignore-tlog.</p>
          {config.keys.length === 0 ? (
            <EmptyState title="No trusted keys">Add the public key of each signer whose model signatures should count.</EmptyState>
          ) : (
            <Table caption="Trusted public keys">
              <thead><tr><Th>Identity</Th><Th>Key id (SHA-256 of the key)</Th><Th><span className="sr-only">Actions</span></Th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                {config.keys.map((k, i) => (
                  <tr key={k.keyId}>
                    <Td className="min-w-32 font-medium break-words text-slate-900">{k.identity}</Td>
                    <Td className="min-w-48 font-mono text-xs break-all">{k.keyId}</Td>
                    <Td><RemoveEntryButton action={editTrustAction} list="keys" index={i} name={`key ${k.identity}`} /></Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          <div className="mt-4 border-t border-slate-100 pt-4"><AddKeyForm action={editTrustAction} /></div>
        </Card>
        <Card title="Certificate authorities">
          {config.certificateAuthorities.length === 0 ? (
            <EmptyState title="No certificate authorities">Add your organisation&apos;s code-signing CA to trust the certificates it issues, for the identities you name.</EmptyState>
          ) : (
            <Table caption="Certificate authorities">
              <thead><tr><Th>Name</Th><Th>Identities it may vouch for</Th><Th><span className="sr-only">Actions</span></Th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                {config.certificateAuthorities.map((ca, i) => (
                  <tr key={`${ca.name}-${i}`}>
                    <Td className="min-w-32 font-medium break-words text-slate-900">{ca.name}</Td>
                    <Td className="break-all">{ca.identities.join(', ')}</Td>
                    <Td><RemoveEntryButton action={editTrustAction} list="certificateAuthorities" index={i} name={`authority ${ca.name}`} /></Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          <div className="mt-4 border-t border-slate-100 pt-4"><AddAuthorityForm action={editTrustAction} /></div>
        </Card>
        <Card title="Keyless signing (Sigstore)">
          <p className="mb-3 text-sm text-slate-600">
            {config.trustedRootSha256 ? <>Trusted root stored, SHA-256 <span className="font-mono text-xs break-all">{config.trustedRootSha256}</span>. Keyless bundles must carry a transparency-log entry it can check.</> : 'No trusted root: keyless (Fulcio) signatures cannot be verified.'}
          </p>
          {config.trustedRootSha256 ? <div className="mb-4"><RemoveEntryButton action={editTrustAction} list="trustedRoot" index={0} name="the trusted root" /></div> : null}
          <TrustedRootForm action={editTrustAction} />
          <h3 className="mt-6 text-sm font-semibold text-slate-900">Trusted keyless signers</h3>
          {keyless.length === 0 ? (
            <EmptyState title="No keyless signers">Name each certificate identity and issuer whose keyless signatures count.</EmptyState>
          ) : (
            <Table caption="Trusted keyless signers">
              <thead><tr><Th>Certificate identity</Th><Th>OIDC issuer</Th><Th><span className="sr-only">Actions</span></Th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                {keyless.map((k, i) => (
                  <tr key={`${k.subjectAlternativeName}-${k.issuer}`}>
                    <Td className="break-all">{k.subjectAlternativeName}</Td>
                    <Td className="break-all">{k.issuer}</Td>
                    <Td><RemoveEntryButton action={editTrustAction} list="trustedRootIdentities" index={i} name={`signer ${k.subjectAlternativeName}`} /></Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          <div className="mt-4 border-t border-slate-100 pt-4"><KeylessIdentityForm action={editTrustAction} /></div>
        </Card>
        <Card title="History">
          {history.length === 0 ? <EmptyState title="No versions yet">Each change above saves the next version; verifications name the version they used.</EmptyState> : (
            <ul className="space-y-1 text-sm">
              {history.map((h) => <li key={h.version}>Version {h.version}, <time dateTime={h.createdAt}>{formatDateTime(h.createdAt)}</time></li>)}
            </ul>
          )}
          <p className="mt-2 text-xs text-slate-500">{plural(history.length, 'version')} shown; the audit trail holds every change.</p>
        </Card>
      </div>
    </>
  );
}
