import { Badge } from '@/components/ui/badge';
import { Table, Td, Th } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format/date-time';
import type { SigningKeyListing } from '@/lib/signing/attest/queries';

/** Every key Provenant signed with: id, validity and the public key to verify with. */
export function SigningKeysTable({ keys }: { keys: SigningKeyListing[] }) {
  return (
    <Table caption="Provenant's signing keys" cardsBelow="md">
      <thead>
        <tr><Th>Key id (SHA-256 of the public key)</Th><Th>Status</Th><Th>Public key</Th><Th>Valid</Th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {keys.map((k) => (
          <tr key={k.keyId} className="align-top">
            <Td className="font-mono text-xs break-all md:max-w-64 md:min-w-48">{k.keyId}</Td>
            <Td data-label="Status">{k.active ? <Badge tone="green">Active</Badge> : <Badge tone="gray">Retired</Badge>}</Td>
            <Td data-label="Public key" className="md:min-w-40">
              <details>
                <summary className="cursor-pointer text-sm font-medium text-indigo-700 hover:text-indigo-900">Show PEM</summary>
                <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs text-slate-800">{k.publicKeyPem}</pre>
              </details>
              <a href={`/api/v1/signing-keys/${k.keyId}`} download className="text-sm font-medium text-indigo-700 underline hover:text-indigo-900">
                Download .pub<span className="sr-only"> of key {k.keyId.slice(0, 12)}</span>
              </a>
            </Td>
            <Td data-label="Valid" className="whitespace-nowrap">
              <div>From <time dateTime={k.createdAt}>{formatDateTime(k.createdAt)}</time></div>
              <div className="text-slate-500">{k.retiredAt ? <>to <time dateTime={k.retiredAt}>{formatDateTime(k.retiredAt)}</time></> : 'Still signing'}</div>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
