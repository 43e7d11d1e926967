'use client';

import { SearchPicker, type PickerSearch } from '@/components/ui/search-picker';

const PAGE_SIZE = 20;

async function getJson(url: string, signal: AbortSignal) {
  const response = await fetch(url, { signal, cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  return body;
}

const searchSystems: PickerSearch = async (q, signal) => {
  const body = await getJson(`/api/v1/systems?${new URLSearchParams({ q, pageSize: String(PAGE_SIZE), sort: 'name' })}`, signal);
  const items = (body.items as { id: string; name: string; purpose: string; lifecycleStatus: string }[])
    .filter((s) => s.lifecycleStatus !== 'retired')
    .map((s) => ({ id: s.id, label: s.name, detail: s.purpose }));
  return { items, total: body.total };
};

const searchVersions = (kind: 'model_version' | 'dataset_version'): PickerSearch => async (q, signal) =>
  getJson(`/api/v1/lineage/candidates?${new URLSearchParams({ kind, side: 'input', q, pageSize: String(PAGE_SIZE) })}`, signal);

const PLACEHOLDERS = { system: 'Search systems by name, purpose or owner', model_version: 'Search by system, model or version', dataset_version: 'Search by namespace, name or version' };

/** What a finding is about, found by searching the inventory however large it is; one choice is submitted. */
export function SubjectPicker({ subjectType, error }: { subjectType: 'system' | 'model_version' | 'dataset_version'; error?: string }) {
  const search = subjectType === 'system' ? searchSystems : searchVersions(subjectType);
  return <SearchPicker key={subjectType} label="Subject" name="subjectIds" required hint="Choose one." error={error} placeholder={PLACEHOLDERS[subjectType]} queryKey={['finding-subject', subjectType]} search={search} />;
}
