'use client';

import Link from 'next/link';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Badge, TierBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { CONTROL, Field } from '@/components/ui/form';
import { Table, Td, Th } from '@/components/ui/table';
import { announce } from '@/components/ui/toast';
import { humanize, plural } from '@/lib/words';
import { SubmitButton } from '@/components/ui/submit-button';

type PlannedSystem = { id?: string; line: number; name: string; riskTier: string; lifecycleStatus: string; owner: { id: string; name: string; email: string }; awaitsTierConfirmation: boolean };
type Answer = { dryRun: boolean; fileSha256: string; ignoredColumns: string[]; retiredLeftOut: { line: number; name: string }[]; systems: PlannedSystem[] };
type Problem = { path: string; message: string };
type State =
  | { step: 'choose' }
  | { step: 'refused'; message: string; problems: Problem[] }
  | { step: 'checked' | 'imported'; answer: Answer };

const ENDPOINT = '/api/v1/systems/import';

/** Sends the file's bytes as they are: the server reads, checks and (without dryRun) imports them. */
async function send(file: File, dryRun: boolean): Promise<State> {
  try {
    const response = await fetch(`${ENDPOINT}${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', body: file, headers: { 'content-type': 'text/csv' } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) return { step: 'refused', message: body.error?.message ?? `The register was not read (HTTP ${response.status}).`, problems: body.error?.issues ?? [] };
    return { step: dryRun ? 'checked' : 'imported', answer: body as Answer };
  } catch {
    return { step: 'refused', message: 'The upload was interrupted; nothing was imported.', problems: [] };
  }
}

function Problems({ message, problems }: { message: string; problems: Problem[] }) {
  return (
    <div role="alert" tabIndex={-1} data-error-summary className="rounded-md border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800 outline-none focus:ring-2 focus:ring-rose-500">
      <p className="font-medium">{message}</p>
      {problems.length ? (
        <ul className="mt-2 list-disc space-y-1 pl-5" aria-label="Problems by line">
          {problems.map((p, i) => <li key={`${p.path}-${i}`}><span className="font-medium">{humanize(p.path)}:</span> {p.message}</li>)}
        </ul>
      ) : null}
    </div>
  );
}

/** Retired systems are history, not the live register: said, with their lines, rather than dropped unseen. */
const leftOut = ({ retiredLeftOut }: Answer) =>
  retiredLeftOut.length ? ` Left out as retired: ${retiredLeftOut.map((r) => `${r.name || 'unnamed'} (line ${r.line})`).join(', ')}.` : '';

function PlanTable({ systems, imported }: { systems: PlannedSystem[]; imported: boolean }) {
  return (
    <Table caption={imported ? 'Systems imported' : 'Systems the file would bring in'} cardsBelow="md">
      <thead>
        <tr><Th numeric>Line</Th><Th>System</Th><Th>Owner</Th><Th>Risk tier</Th><Th>Lifecycle</Th></tr>
      </thead>
      <tbody>
        {systems.map((s) => (
          <tr key={s.line}>
            <Td className="text-right tabular-nums text-slate-600">{s.line}</Td>
            <Td data-label="System" className="font-medium text-slate-900">{s.id ? <Link href={`/systems/${s.id}`} className="text-indigo-700 hover:underline">{s.name}</Link> : s.name}</Td>
            <Td data-label="Owner">{s.owner.name}<span className="block text-xs text-slate-500">{s.owner.email}</span></Td>
            <Td data-label="Risk tier"><TierBadge tier={s.riskTier} />{s.awaitsTierConfirmation ? <span className="ml-1"><Badge tone="amber" title="A risk officer who neither owns nor classified it confirms a limited or minimal tier before production">Confirmation awaited</Badge></span> : null}</Td>
            <Td data-label="Lifecycle">{humanize(s.lifecycleStatus)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/**
 * Brings in an existing register in two steps: check (the server reads the file and answers what it would do, or
 * every problem by line) and import (the same bytes, whole, in one transaction). Choosing another file starts over.
 */
export function ImportRegisterForm() {
  const [state, setState] = useState<State>({ step: 'choose' });
  const [file, setFile] = useState<File | null>(null);
  const [pending, setPending] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Focus, not a live region, says what came back: a live region would read out a thousand-row plan.
    resultRef.current?.querySelector<HTMLElement>('[data-error-summary], h3')?.focus();
  }, [state]);
  const run = async (dryRun: boolean) => {
    // The file input is required: the browser asks for a file before this runs.
    if (!file) return;
    setPending(true);
    const next = await send(file, dryRun);
    setPending(false);
    setState(next);
    if (next.step === 'imported') announce(`${plural(next.answer.systems.length, 'AI system')} imported.`);
  };
  const check = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(true);
  };
  const checked = state.step === 'checked' ? state.answer : null;
  return (
    <div className="space-y-6">
      <form onSubmit={check} className="space-y-4" aria-label="Check a register file">
        <Field label="Register file (CSV)" name="file" required hint="Saved from a spreadsheet as CSV UTF-8, with commas or semicolons. Nothing is imported until you confirm.">
          {({ id, describedBy, invalid }) => (
            <input
              id={id} name="file" type="file" accept=".csv,text/csv" required aria-describedby={describedBy} aria-invalid={invalid}
              onChange={(event) => { setFile(event.currentTarget.files?.[0] ?? null); setState({ step: 'choose' }); }}
              className={`${CONTROL} file:mr-3 file:rounded-md file:border-0 file:bg-slate-800 file:px-3 file:py-1 file:text-sm file:font-medium file:text-white`}
            />
          )}
        </Field>
        {state.step !== 'imported' ? <SubmitButton variant={checked ? 'secondary' : 'primary'} disabled={pending}>{pending && !checked ? 'Checking…' : 'Check the file'}</SubmitButton> : null}
      </form>
      <div ref={resultRef} className="space-y-4">
        {state.step === 'refused' ? <Problems message={state.message} problems={state.problems} /> : null}
        {checked ? (
          <section className="space-y-4" aria-labelledby="import-plan">
            <h3 id="import-plan" tabIndex={-1} className="text-base font-semibold text-slate-900 outline-none">{plural(checked.systems.length, 'AI system')} ready to import</h3>
            <p className="text-sm text-slate-600">
              Every row checks out. Each system is registered with you as its classifier and the owner its row names; each owner other than you is told.
              {checked.ignoredColumns.length ? ` Columns not imported: ${checked.ignoredColumns.join(', ')}.` : ''}
              {leftOut(checked)}
            </p>
            <PlanTable systems={checked.systems} imported={false} />
            <Button type="button" onClick={() => void run(false)} disabled={pending}>{pending ? 'Importing…' : `Import ${plural(checked.systems.length, 'system')}`}</Button>
          </section>
        ) : null}
        {state.step === 'imported' ? (
          <section className="space-y-4" aria-labelledby="import-done" data-testid="register-imported">
            <h3 id="import-done" tabIndex={-1} className="text-base font-semibold text-emerald-900 outline-none">{plural(state.answer.systems.length, 'AI system')} imported</h3>
            <p className="text-sm text-slate-600">
              Each system&apos;s audit event keeps this file&apos;s SHA-256 (<code className="font-mono text-xs break-all">{state.answer.fileSha256}</code>) and its line.
              {state.answer.systems.some((s) => s.awaitsTierConfirmation) ? ' Limited and minimal tiers now wait for a risk officer’s confirmation before production.' : ''}
            </p>
            <PlanTable systems={state.answer.systems} imported />
            <p className="text-sm"><Link href="/systems" className="font-medium text-indigo-700 hover:underline">Back to the AI systems</Link></p>
          </section>
        ) : null}
      </div>
    </div>
  );
}
