import { Badge, ScanBadge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import type { ScanFinding } from '@/db/schema';
import { isUnrecognizedFormat } from '@/lib/artifacts/scan/unrecognized-format';
import type { ActionResult } from '@/lib/http/form-action';
import type { IntegrityFlag } from '@/lib/integrity/queries';
import { IntegrityFlags } from './integrity-flags';
import { VerifyButton } from './verify-button';
import { formatDateTime } from '@/lib/format/date-time';
import { VERIFICATION_WORDS } from '@/lib/cards/card-facts';

type Props = {
  sha256: string;
  stored: boolean;
  integrityOk: boolean | null;
  verifiedAt: string | null;
  scanStatus: string;
  findings: ScanFinding[];
  flags: IntegrityFlag[];
  verify: (() => Promise<ActionResult<{ ok: boolean; message: string }>>) | null;
};

const SEVERITY_TONES = { critical: 'red', warning: 'amber', info: 'gray' } as const;

export function VersionIntegrityCard({ sha256, stored, integrityOk, verifiedAt, scanStatus, findings, flags, verify }: Props) {
  return (
    <Card title="Integrity and safety scan" actions={stored ? <a href={`/api/v1/artifacts/${sha256}`} className="text-sm font-medium text-indigo-700 hover:underline">Download artifact</a> : null}>
      <div className="space-y-4 text-sm">
        <p className="flex flex-wrap items-center gap-2">
          {stored ? <Badge tone="blue">Bytes stored</Badge> : <Badge>Digest declared only</Badge>}
          {integrityOk === true ? <Badge tone="green">Verified</Badge> : integrityOk === false ? <Badge tone="red">Verification failed</Badge> : <Badge>Not re-checked yet</Badge>}
          <ScanBadge status={scanStatus} unreadable={isUnrecognizedFormat(findings)} />
          {verifiedAt ? <span className="text-xs text-slate-500">last verified {formatDateTime(verifiedAt)}</span> : null}
        </p>
        {stored && integrityOk === null ? (
          <p className="text-slate-600">
            {VERIFICATION_WORDS.never}. A check hashes them again, compares the result with the registered digest and is audited{verify ? '.' : '; a data scientist, a risk officer or a security reviewer can run one.'}
          </p>
        ) : null}
        {verify && stored ? <VerifyButton action={verify} /> : null}
        {!stored ? <p className="text-slate-500">Upload the artifact to have its bytes stored, scanned and verifiable.</p> : null}
        {findings.length > 0 ? (
          <div>
            <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Scan findings</h3>
            <ul className="mt-2 space-y-1.5" data-testid="scan-findings">
              {findings.map((f, i) => (
                <li key={i} className="flex items-start gap-2">
                  <Badge tone={SEVERITY_TONES[f.severity]}>{f.code}</Badge>
                  <span className="text-slate-700">{f.message}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {flags.length > 0 ? (
          <div>
            <h3 className="text-xs font-semibold tracking-wide text-rose-700 uppercase">Open integrity flags</h3>
            <IntegrityFlags flags={flags} />
          </div>
        ) : null}
      </div>
    </Card>
  );
}
