import type { EvidencePackRecord } from '@/lib/packs/queries';

export type PackList = { items: EvidencePackRecord[]; total: number };
export type PackError = { message: string; issues: Record<string, string> };

export const PACKS_QUERY_KEY = ['evidence-packs'] as const;

export async function fetchPacks(): Promise<PackList> {
  const response = await fetch('/api/v1/evidence-packs?pageSize=25', { cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  return body;
}

/** POSTs a request; a refusal comes back with its field-level issues keyed by field name. */
export async function postPackRequest(input: Record<string, unknown>): Promise<{ ok: true; pack: EvidencePackRecord } | ({ ok: false } & PackError)> {
  const response = await fetch('/api/v1/evidence-packs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = await response.json();
  if (response.ok) return { ok: true, pack: body };
  const issues = Object.fromEntries(((body.error?.issues ?? []) as { path: string; message: string }[]).map((issue) => [issue.path, issue.message]));
  return { ok: false, message: body.error?.message ?? `HTTP ${response.status}`, issues };
}

export const isActive = (pack: EvidencePackRecord) => pack.status === 'queued' || pack.status === 'running';
