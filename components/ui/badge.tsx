import { humanize } from '@/lib/words';
import type { ReactNode } from 'react';

export type Tone = 'red' | 'rose' | 'amber' | 'green' | 'blue' | 'indigo' | 'gray';

export function Badge({ tone = 'gray', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={`badge badge-${tone}`}>
      {children}
    </span>
  );
}

const TIER_TONES: Record<string, Tone> = { prohibited: 'rose', high: 'red', limited: 'amber', minimal: 'green' };
const STATUS_TONES: Record<string, Tone> = { planned: 'gray', development: 'blue', active: 'green', retired: 'gray' };
const STAGE_TONES: Record<string, Tone> = { development: 'blue', staging: 'amber', production: 'green', archived: 'gray' };
const SCAN_TONES: Record<string, Tone> = { clean: 'green', unsafe: 'red', unknown: 'gray' };

export { humanize };

export const TierBadge = ({ tier }: { tier: string }) => <Badge tone={TIER_TONES[tier]}>{humanize(tier)}</Badge>;
export const StatusBadge = ({ status }: { status: string }) => <Badge tone={STATUS_TONES[status]}>{humanize(status)}</Badge>;
export const StageBadge = ({ stage }: { stage: string }) => <Badge tone={STAGE_TONES[stage]}>{humanize(stage)}</Badge>;
/**
 * "Scan: clean" where nothing else names the badge; "Clean" under a "Scan" heading (`underScanHeading`). Bytes the
 * scanner read but whose format it did not recognise (`unreadable`) say so rather than "unknown".
 */
export const ScanBadge = ({ status, underScanHeading, unreadable }: { status: string; underScanHeading?: boolean; unreadable?: boolean }) => {
  const word = status === 'unknown' && unreadable ? 'format not recognised' : status;
  return <Badge tone={SCAN_TONES[status]}>{underScanHeading ? humanize(word) : `Scan: ${word}`}</Badge>;
};
