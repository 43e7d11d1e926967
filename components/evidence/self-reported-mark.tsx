import { Badge } from '@/components/ui/badge';

/** A figure the caller typed or imported as said: the server did not compute it (DESIGN invariant 12). */
export function SelfReportedMark() {
  return (
    <Badge tone="amber" title="Typed or imported as the caller said; the server did not compute it from a report it holds.">
      Self-reported
    </Badge>
  );
}
