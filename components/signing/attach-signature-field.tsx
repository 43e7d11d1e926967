'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';

type Attached = { status: 'verified' | 'failed'; reason: string };

/** Sends a model_signing bundle (model.sig) to the API; the server verifies it and the panel shows the outcome. */
export function AttachSignatureField({ modelVersionId }: { modelVersionId: string }) {
  const router = useRouter();
  const id = useId();
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const attach = async (file: File) => {
    setMessage({ text: 'Verifying…', ok: true });
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const response = await fetch(`/api/v1/model-versions/${encodeURIComponent(modelVersionId)}/signatures`, { method: 'POST', body: form });
      const body = await response.json();
      if (!response.ok) return setMessage({ text: body?.error?.message ?? `Refused (${response.status}).`, ok: false });
      const attached = body as Attached;
      setMessage({ text: attached.status === 'verified' ? `Verified. ${attached.reason}` : `Kept, but it does not verify: ${attached.reason}`, ok: attached.status === 'verified' });
      router.refresh();
    } catch {
      setMessage({ text: 'The signature could not be sent: check your connection and try again.', ok: false });
    }
  };
  return (
    <div className="mt-4">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">Attach a model signature (model.sig)</label>
      <input id={id} type="file" accept=".sig,.json,application/json" className="mt-1 block max-w-full text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-slate-800 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-white" onChange={(e) => e.target.files?.[0] && attach(e.target.files[0])} />
      <p role="status" className={`mt-1 text-sm break-words ${message?.ok === false ? 'text-rose-700' : 'text-slate-600'}`}>{message?.text}</p>
    </div>
  );
}
