import type { ReactNode } from 'react';
import { cn } from './cn';

const TONES = {
  red: 'bg-red-50 text-red-700 ring-red-600/20',
  rose: 'bg-rose-950 text-rose-50 ring-rose-950',
  amber: 'bg-amber-50 text-amber-800 ring-amber-600/25',
  green: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  blue: 'bg-sky-50 text-sky-700 ring-sky-600/20',
  indigo: 'bg-indigo-50 text-indigo-700 ring-indigo-600/20',
  gray: 'bg-slate-100 text-slate-600 ring-slate-500/20',
} as const;

export type Tone = keyof typeof TONES;

export function Badge({ tone = 'gray', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={cn('inline-flex items-center whitespace-nowrap rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset', TONES[tone])}>
      {children}
    </span>
  );
}

const TIER_TONES: Record<string, Tone> = { prohibited: 'rose', high: 'red', limited: 'amber', minimal: 'green' };
const STATUS_TONES: Record<string, Tone> = { planned: 'gray', development: 'blue', active: 'green', retired: 'gray' };
const STAGE_TONES: Record<string, Tone> = { development: 'blue', staging: 'amber', production: 'green', archived: 'gray' };
const SCAN_TONES: Record<string, Tone> = { clean: 'green', unsafe: 'red', unknown: 'gray' };

export const humanize = (value: string) => (value.charAt(0).toUpperCase() + value.slice(1)).replaceAll('_', ' ');

export const TierBadge = ({ tier }: { tier: string }) => <Badge tone={TIER_TONES[tier]}>{humanize(tier)}</Badge>;
export const StatusBadge = ({ status }: { status: string }) => <Badge tone={STATUS_TONES[status]}>{humanize(status)}</Badge>;
export const StageBadge = ({ stage }: { stage: string }) => <Badge tone={STAGE_TONES[stage]}>{humanize(stage)}</Badge>;
export const ScanBadge = ({ status }: { status: string }) => <Badge tone={SCAN_TONES[status]}>Scan: {status}</Badge>;
