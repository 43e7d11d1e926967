import type { LineageNodeKind } from '@/db/schema';
import type { NodeDescription } from '@/lib/lineage/describe-nodes';

/** Each kind has its own colour and label so the graph reads at a glance; integrity has its own marker. */
export const KIND_STYLES: Record<LineageNodeKind, { label: string; className: string }> = {
  dataset_version: { label: 'Dataset', className: 'border-sky-300 bg-sky-50' },
  run: { label: 'Training run', className: 'border-violet-300 bg-violet-50' },
  model_version: { label: 'Model version', className: 'border-indigo-400 bg-white' },
  deployment: { label: 'Deployment', className: 'border-emerald-400 bg-emerald-50' },
};

export const INTEGRITY_STYLES = {
  ok: { dot: 'bg-emerald-500', label: 'Integrity verified' },
  recorded: { dot: 'bg-sky-400', label: 'Recorded as declared, not checked' },
  failed: { dot: 'bg-rose-600', label: 'Integrity problem' },
  unknown: { dot: 'bg-slate-300', label: 'Integrity not established' },
} as const;

/** What a node is: a run says what its producer called it (a dbt model, an Airflow task), else its kind. */
export const kindLabelOf = (node: Pick<NodeDescription, 'kind' | 'kindLabel'>) => node.kindLabel ?? KIND_STYLES[node.kind].label;
