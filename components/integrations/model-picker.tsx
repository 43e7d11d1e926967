'use client';

import { SearchPicker, type PickerSearch } from '@/components/ui/search-picker';

/** Models whose name, task or system holds the text, labelled with their system so two same-named models differ. */
const searchModels: PickerSearch = async (q, signal) => {
  const params = new URLSearchParams({ q, pageSize: '20', sort: 'name' });
  const response = await fetch(`/api/v1/models?${params}`, { signal, cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  const items = (body.items as { id: string; name: string; systemName: string }[]).map((m) => ({ id: m.id, label: m.name, detail: m.systemName }));
  return { items, total: body.total };
};

export function ModelPicker({ error }: { error?: string }) {
  return <SearchPicker label="Provenant model" name="modelIds" hint="Choose one model." error={error} placeholder="Search models by name or system" queryKey={['mlflow-map-models']} search={searchModels} />;
}
