'use client';

import { useId, useState } from 'react';
import { uploadArtifactFile } from '@/components/ui/upload-artifact-file';

type Attachment = { sha256: string; fileName: string };

/** Report files (PDF, JSON, HTML) stored by digest; HTML is only ever downloaded as an attachment, never rendered. */
export function AttachmentUploads() {
  const id = useId();
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const add = async (files: FileList) => {
    for (const file of Array.from(files)) {
      try {
        setStatus(`Uploading ${file.name}…`);
        const stored = await uploadArtifactFile(file, () => undefined);
        setAttachments((list) => [...list, { sha256: stored.sha256, fileName: file.name }]);
        setStatus(null);
      } catch (error) {
        setStatus(`${file.name}: ${(error as Error).message}`);
      }
    }
  };
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">Attachments</label>
      <input id={id} type="file" multiple className="mt-1 block text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-slate-800 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-white" onChange={(e) => e.target.files && add(e.target.files)} />
      {status ? <p role="status" className="mt-1 text-xs text-slate-600">{status}</p> : null}
      <ul className="mt-2 space-y-1 text-sm" data-testid="attachments">
        {attachments.map((a, i) => (
          <li key={a.sha256 + i} className="flex items-center gap-2">
            <input type="hidden" name={`attachments.${i}.sha256`} value={a.sha256} />
            <input type="hidden" name={`attachments.${i}.fileName`} value={a.fileName} />
            {a.fileName} <span className="font-mono text-xs text-slate-500">{a.sha256.slice(0, 12)}…</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
