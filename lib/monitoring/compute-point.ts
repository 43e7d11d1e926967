import { jensenShannonDistance, populationStabilityIndex } from './drift-statistics';
import type { JudgedPoint } from './judge-points';
import type { PointInput } from './point-input';

/** Where histograms came, the server computes PSI and JS; a PSI or JS point then carries the server's figure. */
export function computePoint(point: PointInput, windowEnd: string): JudgedPoint & { histograms: PointInput['histograms'] } {
  const h = point.histograms;
  const computedPsi = h ? populationStabilityIndex(h.reference, h.current) : null;
  const computedJs = h ? jensenShannonDistance(h.reference, h.current) : null;
  const own = point.metric === 'psi' ? computedPsi : point.metric === 'js_distance' ? computedJs : null;
  return {
    metric: point.metric,
    feature: point.feature,
    windowEnd,
    value: own ?? point.reportedValue,
    valueSource: own !== null ? 'computed' : 'reported',
    reportedValue: point.reportedValue,
    reportedDrift: point.reportedDrift,
    computedPsi,
    computedJs,
    histograms: h,
  };
}
