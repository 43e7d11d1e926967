'use client';

import { useId, useRef } from 'react';
import { RISK_TIERS } from '@/db/schema/vocabulary';
import { ActionForm } from '@/components/ui/action-form';
import { SelectField, TextAreaField, TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';
import { humanize } from '@/lib/words';

const TIERS = [{ value: '', label: 'Choose a tier' }, ...RISK_TIERS.map((t) => ({ value: t, label: `${humanize(t)} risk` }))];

/** A vendor's ML-BOM, read from a chosen file into the text area (or pasted), with the tier its system takes. */
export function ImportBomForm({ action }: { action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>> }) {
  const fileId = useId();
  const area = useRef<HTMLDivElement>(null);
  const load = async (file: File) => {
    const textarea = area.current?.querySelector('textarea');
    if (!textarea) return;
    textarea.value = await file.text();
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  };
  return (
    <ActionForm action={action} submitLabel="Import ML-BOM" done="Vendor model imported.">
      {(errors) => (
        <>
          <div>
            <label htmlFor={fileId} className="block text-sm font-medium text-slate-800">BOM file</label>
            <input id={fileId} type="file" accept=".json,.cdx.json,application/json,application/vnd.cyclonedx+json" className="mt-1 block max-w-full text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-slate-800 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-white" onChange={(e) => e.target.files?.[0] && load(e.target.files[0])} />
            <p className="mt-1 text-xs text-slate-500">Choosing a file fills the field below; you can also paste the JSON.</p>
          </div>
          <div ref={area}>
            <TextAreaField label="CycloneDX ML-BOM (JSON)" name="bom" errors={errors} rows={8} mono required hint="Checked against the CycloneDX 1.6 schema. It must describe one machine-learning model; base models it lists are not imported." />
          </div>
          <SelectField label="Risk tier of the vendor's system" name="riskTier" errors={errors} options={TIERS} defaultValue="" required hint="The BOM does not say; a risk officer can reclassify the system later." />
          <TextField label="SHA-256 of the model file" name="artifactSha256" errors={errors} mono placeholder="64 hexadecimal characters" hint="Needed only when the BOM gives no SHA-256 for the model (many give none, or only a SHA-1): a version is bound to the digest of its bytes." />
        </>
      )}
    </ActionForm>
  );
}
