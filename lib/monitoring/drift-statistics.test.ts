import { describe, expect, it } from 'vitest';
import { jensenShannonDistance, populationStabilityIndex } from './drift-statistics';

// Hand-checked: PSI = Σ (r − c) ln(r / c) over bin shares; JS distance = sqrt((KL(p‖m) + KL(q‖m)) / 2), m = (p + q) / 2,
// natural log. [50,50] vs [25,75]: PSI = 0.25 ln 2 + 0.25 ln 1.5 = 0.274653; JS = sqrt(0.033822) = 0.183908.
// The JS figures equal scipy.spatial.distance.jensenshannon's (scipy 1.17.1) for the same inputs.
describe('drift statistics from histograms', () => {
  it('PSI and JS distance of a shifted two-bin histogram', () => {
    expect(populationStabilityIndex([50, 50], [25, 75])).toBeCloseTo(0.274653, 6);
    expect(jensenShannonDistance([50, 50], [25, 75])).toBeCloseTo(0.183908, 6);
  });

  it('are zero for the same shape, whatever the sample sizes (shares, not counts)', () => {
    expect(populationStabilityIndex([10, 20, 30], [100, 200, 300])).toBeCloseTo(0, 12);
    expect(jensenShannonDistance([10, 20, 30], [100, 200, 300])).toBeCloseTo(0, 12);
  });

  it('an empty bin: PSI floors it at 0.0001 as Evidently does (finite, not Infinity); JS needs no floor', () => {
    // ref shares [1, 0] → [1, 0.0001]: PSI = 0.5 ln 2 + (0.0001 − 0.5) ln(0.0001 / 0.5) = 4.604318.
    expect(populationStabilityIndex([100, 0], [50, 50])).toBeCloseTo(4.604318, 5);
    // m = [0.75, 0.25]: KL(p‖m) = ln(4/3), KL(q‖m) = 0.5 ln(2/3) + 0.5 ln 2 → sqrt(0.215762) = 0.464501.
    expect(jensenShannonDistance([100, 0], [50, 50])).toBeCloseTo(0.464501, 6);
  });

  it("the floor follows Evidently's rule for tiny shares: the smallest non-zero share / 10^6 when it is ≤ 0.0001", () => {
    // ref [0, 1, 9999999] has shares [0, 1e-7, 0.9999999]: its smallest non-zero share 1e-7 ≤ 0.0001, so the empty
    // bin becomes 1e-13. cur [5, 5, 0] has shares [0.5, 0.5, 0]: smallest 0.5 > 0.0001, so its empty bin becomes 0.0001.
    const ref = [1e-13, 1e-7, 0.9999999];
    const cur = [0.5, 0.5, 0.0001];
    const expected = ref.reduce((s, r, i) => s + (r - cur[i]!) * Math.log(r / cur[i]!), 0);
    expect(populationStabilityIndex([0, 1, 9_999_999], [5, 5, 0])).toBeCloseTo(expected, 6);
    expect(expected).toBeCloseTo(31.5421, 4);
  });
});
