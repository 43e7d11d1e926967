'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { uploadArtifactFile } from '@/components/ui/upload-artifact-file';

/**
 * Uploads the version's own bytes so the server scans them; the scan follows the digest into this version. Bytes
 * with another digest are stored but change nothing here, and the message says so.
 */
export function UploadBytesField({ sha256 }: { sha256: string }) {
  const router = useRouter();
  const id = useId();
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const upload = (file: File) => {
    setMessage({ text: 'Uploading and scanning…', ok: true });
    uploadArtifactFile(file, () => undefined).then(
      (artifact) => {
        if (artifact.sha256 !== sha256) return setMessage({ text: `That file's SHA-256 is ${artifact.sha256}, not this version's: nothing changed here.`, ok: false });
        setMessage({ text: `Scanned: ${artifact.scan.status}.`, ok: artifact.scan.status === 'clean' });
        router.refresh();
      },
      (error: Error) => setMessage({ text: error.message, ok: false }),
    );
  };
  return (
    <div className="mt-3">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">Upload this version’s file to scan it</label>
      <input id={id} type="file" className="mt-1 block max-w-full text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-slate-800 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-white" onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])} />
      <p role="status" className={`mt-1 text-sm ${message?.ok === false ? 'text-rose-700' : 'text-slate-600'}`}>{message?.text}</p>
    </div>
  );
}
