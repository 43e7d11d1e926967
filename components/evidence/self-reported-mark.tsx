import { Badge } from '@/components/ui/badge';

const MEANING = 'typed or imported as its sender said; the server did not compute it from a report it holds';

/** A figure the caller typed or imported as said: the server did not compute it (DESIGN invariant 12). */
export function SelfReportedMark() {
  return (
    <Badge tone="amber" title={`Self-reported: ${MEANING}.`}>
      Self-reported
    </Badge>
  );
}

/** Says once, above a list that marks figures so, what the mark means: a tooltip is not read on a phone or aloud. */
export function SelfReportedLegend({ shown }: { shown: boolean }) {
  if (!shown) return null;
  return (
    <p className="mb-2 text-xs text-slate-600" data-testid="self-reported-legend">
      <SelfReportedMark /> a figure {MEANING}: a claim, judged as stated.
    </p>
  );
}
