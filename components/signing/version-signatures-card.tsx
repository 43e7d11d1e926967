import { Badge } from '@/components/ui/badge';
import { Card, EmptyState } from '@/components/ui/card';
import { PersonName } from '@/components/ui/person';
import { Table, Td, Th } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format/date-time';
import { describeSignatureNow } from '@/lib/signing/model/describe-signature-now';
import { plural } from '@/lib/words';
import { AttachSignatureField } from './attach-signature-field';

type Signature = { id: string; status: 'verified' | 'failed'; signerIdentity: string | null; signedFiles: { name: string; sha256: string }[]; trustConfigVersion: number | null; reason: string; createdAt: string; createdByName: string | null; createdByEmail: string | null };
type Props = { modelVersionId: string; items: Signature[]; total: number; canAttach: boolean; latestNow: Parameters<typeof describeSignatureNow>[1] | null };

/** The version's model signatures as verified when attached; the headline verifies the latest again against today's trust. */
export function VersionSignaturesCard({ modelVersionId, items, total, canAttach, latestNow }: Props) {
  const latest = items[0] && latestNow ? describeSignatureNow(items[0], latestNow) : null;
  return (
    <Card title={`Model signatures (${total})`}>
      {latest ? (
        <p className={`mb-3 text-sm break-words ${latest.verifiedNow ? 'text-emerald-800' : 'text-rose-800'}`}>{latest.text}</p>
      ) : null}
      {total === 0 ? (
        <EmptyState title="No signature yet">{canAttach ? <>Sign the model with OpenSSF model signing (model_signing sign key or sign sigstore) and attach the model.sig here or with POST /api/v1/model-versions/{'{id}'}/signatures.</> : 'No OpenSSF model signature has been attached to this version.'}</EmptyState>
      ) : (
        <Table caption="Model signatures, newest first" cardsBelow="md">
          <thead><tr><Th>At upload</Th><Th>Signer</Th><Th>Signed files</Th><Th>Why</Th><Th>Attached</Th></tr></thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((s) => (
              <tr key={s.id} className="align-top">
                <Td>{s.status === 'verified' ? <Badge tone="green">Verified</Badge> : <Badge tone="red">Failed</Badge>}</Td>
                <Td data-label="Signer" className="min-w-36 break-words">{s.signerIdentity ?? <span className="text-slate-500">Unknown</span>}</Td>
                <Td data-label="Signed files" className="min-w-40">{s.signedFiles.length === 0 ? <span className="text-slate-500">None counted</span> : <span title={s.signedFiles.map((f) => `${f.name} ${f.sha256}`).join('\n')}>{s.signedFiles.length <= 3 ? s.signedFiles.map((f) => f.name).join(', ') : plural(s.signedFiles.length, 'file')}</span>}</Td>
                <Td data-label="Why" className="max-w-md min-w-56 break-words max-md:col-span-2">{s.reason}{s.trustConfigVersion !== null ? <span className="block text-xs text-slate-500">Trust configuration version {s.trustConfigVersion}</span> : <span className="block text-xs text-slate-500">No trust configuration yet</span>}</Td>
                <Td data-label="Attached" className="whitespace-nowrap"><time dateTime={s.createdAt}>{formatDateTime(s.createdAt)}</time>{s.createdByName ? <PersonName person={{ name: s.createdByName, email: s.createdByEmail }} className="block text-xs text-slate-500" /> : null}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {total > items.length ? <p className="mt-2 text-xs text-slate-500">The {plural(items.length, 'latest signature')} of {total}; GET /api/v1/model-versions/{modelVersionId}/signatures lists them all.</p> : null}
      {canAttach ? <AttachSignatureField modelVersionId={modelVersionId} /> : null}
    </Card>
  );
}
