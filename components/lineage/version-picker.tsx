'use client';

import type { ReactNode } from 'react';
import { SearchPicker, type PickerSearch } from '@/components/ui/search-picker';

type Props = { kind: 'dataset_version' | 'model_version'; side: 'input' | 'output'; label: string; name: string; hint?: ReactNode; errors: Record<string, string> };

const PAGE_SIZE = 20;

function searchCandidates(kind: Props['kind'], side: Props['side']): PickerSearch {
  return async (q, signal) => {
    const params = new URLSearchParams({ kind, side, q, pageSize: String(PAGE_SIZE) });
    const response = await fetch(`/api/v1/lineage/candidates?${params}`, { signal, cache: 'no-store' });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
    return body;
  };
}

/** Picks dataset or model versions for a training run by searching the inventory, however large it is. */
export function VersionPicker({ kind, side, label, name, hint, errors }: Props) {
  const error = Object.entries(errors).find(([key]) => key === name || key.startsWith(`${name}.`))?.[1];
  const placeholder = kind === 'dataset_version' ? 'Search by namespace, name or version' : 'Search by system, model or version';
  return <SearchPicker label={label} name={name} hint={hint} error={error} placeholder={placeholder} queryKey={['lineage-candidates', kind, side]} search={searchCandidates(kind, side)} />;
}
