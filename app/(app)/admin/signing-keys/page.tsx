import type { Metadata } from 'next';
import { SigningKeysTable } from '@/components/signing-keys/signing-keys-table';
import { RotateKeyButton } from '@/components/signing-keys/rotate-key-button';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { forPage } from '@/lib/http/page-guard';
import { listSigningKeys } from '@/lib/signing/attest/queries';
import { plural } from '@/lib/words';
import { rotateSigningKeyAction } from './actions';

export const metadata: Metadata = { title: 'Signing keys' };

export default async function SigningKeysPage() {
  const actor = await requirePageActor();
  const keys = await forPage(async () => await listSigningKeys(actor));
  const retired = keys.filter((k) => !k.active).length;
  return (
    <>
      <PageHeader
        title="Signing keys"
        description="Provenant signs every AI Card attestation and evidence pack with its own ECDSA P-256 key. An auditor checks that the key inside a pack has one of these ids; retired keys stay listed because they still verify what they signed."
        actions={can(actor, 'signing_key.rotate') && keys.length > 0 ? <RotateKeyButton action={rotateSigningKeyAction} /> : null}
      />
      <Card title={keys.length > 0 ? `${plural(keys.length, 'key')}${retired > 0 ? `, ${retired} retired` : ''}` : 'Keys'}>
        {keys.length === 0 ? (
          <EmptyState title="No signing key yet">Provenant creates its key when the server starts: restart it, or run &quot;npm run cli -- signing-key rotate&quot;.</EmptyState>
        ) : (
          <SigningKeysTable keys={keys} />
        )}
      </Card>
      <p className="mt-4 max-w-3xl text-sm text-slate-600">
        The same list is at <code className="font-mono text-xs">GET /api/v1/signing-keys</code>. The private key is the file DATA_DIR/keys/&lt;key id&gt;.pem, which backups
        include; an operator can also rotate with <code className="font-mono text-xs">npm run cli -- signing-key rotate</code>.
      </p>
    </>
  );
}
