'use client';

import Link from 'next/link';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { humanize } from '@/components/ui/badge';
import { CONTROL, Field, FormMessage, SelectField } from '@/components/ui/form';
import { announce } from '@/components/ui/toast';
import { REPORT_FORMATS } from '@/db/schema/vocabulary';
import { formatMetricValue } from '@/lib/format/metric-value';
import { plural } from '@/lib/words';
import { SubmitButton } from '@/components/ui/submit-button';

type Recorded = {
  id: string;
  kind: string;
  reportTool: string;
  summary: string;
  metrics: { id: string; name: string; value: number; unit: string | null; lowerBound: number | null; upperBound: number | null }[];
  findings: { id: string; ref: string; title: string; severity: string; created: boolean }[];
  notes: string[];
};

const FORMAT_LABELS: Record<(typeof REPORT_FORMATS)[number], string> = {
  sarif: 'SARIF 2.1.0 (Trivy, Grype, Semgrep, CodeQL)',
  'pip-audit': 'pip-audit JSON',
  cyclonedx: 'CycloneDX 1.6 BOM or VEX (JSON)',
  garak: 'garak report (JSONL)',
  promptfoo: 'promptfoo eval output (JSON)',
};

const bounds = (m: Recorded['metrics'][number]) =>
  m.lowerBound !== null || m.upperBound !== null ? ` (${m.lowerBound === null ? '…' : formatMetricValue(m.lowerBound, m.unit)} to ${m.upperBound === null ? '…' : formatMetricValue(m.upperBound, m.unit)})` : '';

function RecordedReport({ recorded, fileName, versionHref }: { recorded: Recorded; fileName: string; versionHref: string }) {
  return (
    <div className="mt-4 rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm" data-testid="report-recorded">
      <p className="font-medium text-emerald-900">
        {humanize(recorded.kind)} evidence recorded, computed from {fileName} ({recorded.reportTool}).
      </p>
      <ul className="mt-2 space-y-0.5 tabular-nums" aria-label="Computed metrics">
        {recorded.metrics.map((m) => (
          <li key={m.id}><span className="font-mono text-xs">{m.name}</span> {formatMetricValue(m.value, m.unit)}{bounds(m)}</li>
        ))}
      </ul>
      {recorded.findings.length ? (
        <div className="mt-3">
          <p className="font-medium text-slate-900">{plural(recorded.findings.length, 'finding')} raised or counted again:</p>
          <ul className="mt-1 space-y-0.5">
            {recorded.findings.map((f) => (
              <li key={f.id}><Link href={`/findings/${f.id}`} className="text-indigo-700 underline">{f.ref}</Link> {f.title} ({f.severity}{f.created ? '' : ', seen again'})</li>
            ))}
          </ul>
        </div>
      ) : <p className="mt-2 text-slate-700">No finding raised: no critical vulnerability or failing red-team probe.</p>}
      {recorded.notes.length ? <ul className="mt-2 list-disc pl-5 text-xs text-slate-600">{recorded.notes.map((n) => <li key={n}>{n}</li>)}</ul> : null}
      <p className="mt-3"><Link href={`${versionHref}#evaluation-${recorded.id}`} className="font-medium text-indigo-700 hover:underline">See it in the version&apos;s evidence</Link></p>
    </div>
  );
}

/**
 * Sends a tool's own report to POST /api/v1/evaluations/reports: the server parses it, computes the metrics and
 * binds them to the version's current digest; nothing typed here can change a figure.
 */
export function ReportUpload({ modelVersionId, versionHref }: { modelVersionId: string; versionHref: string }) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ recorded: Recorded; fileName: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Focus moves to the summary once it is on the page: after the render that shows it, never on a guess of when.
  const [failures, setFailures] = useState(0);
  useEffect(() => {
    if (failures > 0) formRef.current?.querySelector<HTMLElement>('[data-error-summary]')?.focus();
  }, [failures]);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const file = data.get('file');
    setPending(true);
    setResult(null);
    try {
      const response = await fetch('/api/v1/evaluations/reports', { method: 'POST', body: data });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        setMessage(body.error?.message ?? `The report was not recorded (HTTP ${response.status}).`);
        setErrors(Object.fromEntries((body.error?.issues ?? []).map((i: { path: string; message: string }) => [i.path, i.message])));
        setFailures((n) => n + 1);
        return;
      }
      setMessage(null);
      setErrors({});
      setResult({ recorded: body as Recorded, fileName: file instanceof File ? file.name : 'the report' });
      announce('Report recorded as computed evidence.');
    } catch {
      setMessage('The upload was interrupted; nothing was recorded.');
      setFailures((n) => n + 1);
    } finally {
      setPending(false);
    }
  };
  return (
    <form ref={formRef} onSubmit={submit} className="space-y-4" aria-label="Attach a tool report">
      <FormMessage message={message} />
      <input type="hidden" name="modelVersionId" value={modelVersionId} />
      <Field label="Report file" name="file" error={errors.file} required hint="The file as the tool wrote it. The server parses it, computes the metrics and keeps it as the record's attachment.">
        {({ id, describedBy, invalid }) => <input id={id} name="file" type="file" required aria-describedby={describedBy} aria-invalid={invalid} className={`${CONTROL} file:mr-3 file:rounded-md file:border-0 file:bg-slate-800 file:px-3 file:py-1 file:text-sm file:font-medium file:text-white`} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Format" name="format" errors={errors} options={[{ value: '', label: 'Detect from the content' }, ...REPORT_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f] }))]} />
        <SelectField label="Environment" name="environment" errors={errors} options={[{ value: 'staging', label: 'Staging' }, { value: 'production', label: 'Production' }]} />
      </div>
      <SubmitButton disabled={pending}>{pending ? 'Reading the report…' : 'Attach report'}</SubmitButton>
      {result ? <RecordedReport recorded={result.recorded} fileName={result.fileName} versionHref={versionHref} /> : null}
    </form>
  );
}
