'use client';

import { SearchPicker, type PickerSearch } from '@/components/ui/search-picker';

const PAGE_SIZE = 20;

/** Live systems whose name, purpose, owner or vendor holds the text: retired systems take no new incidents. */
const searchSystems: PickerSearch = async (q, signal) => {
  const params = new URLSearchParams({ q, pageSize: String(PAGE_SIZE), sort: 'name' });
  const response = await fetch(`/api/v1/systems?${params}`, { signal, cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  const items = (body.items as { id: string; name: string; purpose: string; lifecycleStatus: string }[])
    .filter((s) => s.lifecycleStatus !== 'retired')
    .map((s) => ({ id: s.id, label: s.name, detail: s.purpose }));
  return { items, total: body.total };
};

export function SystemPicker({ label, error, hint, required }: { label: string; error?: string; hint?: string; required?: boolean }) {
  return <SearchPicker label={label} name="systemIds" hint={hint} error={error} required={required} placeholder="Search systems by name, purpose or owner" queryKey={['incident-systems']} search={searchSystems} />;
}
