'use client';

import { useId, useRef, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { formatBytes } from '@/components/ui/format';
import { formatName } from '@/lib/artifacts/format-name';
import type { UploadedArtifact } from '@/lib/artifacts/upload-artifact';
import { uploadArtifactFile } from './upload-artifact-file';

type State = { phase: 'idle' } | { phase: 'uploading'; progress: number } | { phase: 'done'; artifact: UploadedArtifact } | { phase: 'failed'; message: string };

/**
 * Fills a field as if typed: through the element's own value setter, then an `input` event, so a controlled field's
 * onChange sees it and the form drops the field's error from the last submit (useServerForm clears a field on input).
 */
function setField(form: HTMLFormElement | null, name: string, value: string) {
  const field = form?.elements.namedItem(name);
  if (!(field instanceof HTMLInputElement)) return;
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(field, value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

const WORDS = {
  model: {
    label: 'Artifact file',
    hint: 'Upload it so Provenant can measure, scan and hash it (pickles are disassembled, never loaded) and fill in the fields below. Without the bytes the version can be registered by its digest but cannot pass the promotion gate.',
  },
  dataset: {
    label: 'Dataset file (optional)',
    hint: 'The server hashes the bytes, keeps them, and fills in the digest and size below; for data kept elsewhere, give its digest instead.',
  },
};

type FieldNames = { sha256: string; size: string };

/**
 * Uploads the artifact to the blob store (hashed and scanned on the server) and fills in digest and size. The format
 * is shown, never asked: the server records what it detected in the bytes.
 */
export function ArtifactUploadField({ fields = { sha256: 'artifactSha256', size: 'artifactSize' }, of = 'model' }: { fields?: FieldNames; of?: 'model' | 'dataset' }) {
  const input = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const hintId = `${fileId}-hint`;
  const words = WORDS[of];
  const [state, setState] = useState<State>({ phase: 'idle' });
  const upload = (file: File) => {
    setState({ phase: 'uploading', progress: 0 });
    uploadArtifactFile(file, (progress) => setState({ phase: 'uploading', progress })).then(
      (artifact) => {
        const form = input.current?.form ?? null;
        setField(form, fields.sha256, artifact.sha256);
        setField(form, fields.size, String(artifact.size));
        setState({ phase: 'done', artifact });
      },
      (error: Error) => setState({ phase: 'failed', message: error.message }),
    );
  };
  return (
    <div className="rounded-md border border-dashed border-slate-300 p-4">
      <label htmlFor={fileId} className="block text-sm font-medium text-slate-800">{words.label}</label>
      <p id={hintId} className="text-xs text-slate-500">{words.hint}</p>
      <input ref={input} id={fileId} type="file" aria-describedby={hintId} className="mt-2 block text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-slate-800 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-white hover:file:bg-slate-700" onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])} />
      <div aria-live="polite" className="mt-2 text-sm">
        {state.phase === 'uploading' ? (
          <div className="h-2 w-full overflow-hidden rounded bg-slate-100" role="progressbar" aria-valuenow={Math.round(state.progress * 100)} aria-valuemin={0} aria-valuemax={100}>
            <div className="h-full bg-indigo-500 transition-[width]" style={{ width: `${Math.round(state.progress * 100)}%` }} />
          </div>
        ) : null}
        {state.phase === 'failed' ? <p role="alert" className="text-rose-700">{state.message}</p> : null}
        {state.phase === 'done' ? (
          <div className="space-y-1" data-testid="upload-result">
            <p className="flex flex-wrap items-center gap-2">
              Stored {formatBytes(state.artifact.size)} as <span className="font-mono text-xs break-all">{state.artifact.sha256.slice(0, 16)}…</span>
              <Badge tone={state.artifact.scan.status === 'clean' ? 'green' : state.artifact.scan.status === 'unsafe' ? 'red' : 'gray'}>scan: {state.artifact.scan.status}</Badge>
            </p>
            <p data-testid="detected-format">
              Format, read from the bytes: <strong className="font-medium text-slate-900">{formatName(state.artifact.format)}</strong>
            </p>
            {state.artifact.scan.findings.filter((f) => f.severity !== 'info').map((f, i) => (
              <p key={i} className={f.severity === 'critical' ? 'text-rose-700' : 'text-amber-700'}>{f.message}</p>
            ))}
          </div>
        ) : null}
      </div>
    </div>
  );
}
