/**
 * Drift statistics from binned counts, computed the way Evidently computes them so the server's figure and the
 * reported one can be compared (evidently src/evidently/legacy/calculations/stattests/{psi,jensenshannon,utils}.py).
 */

const shares = (counts: number[]) => {
  const total = counts.reduce((sum, c) => sum + c, 0);
  return counts.map((c) => c / total);
};

/**
 * Evidently's `get_binned_data(feel_zeroes=True)`: an empty bin takes a small floor instead of zero so the log
 * stays finite: the smallest non-zero share / 10^6 when that share is ≤ 0.0001, else 0.0001. Shares are not renormalised.
 */
function flooredShares(counts: number[]) {
  const raw = shares(counts);
  const smallest = Math.min(...raw.filter((s) => s > 0));
  const floor = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
  return raw.map((s) => (s === 0 ? floor : s));
}

/** Population Stability Index: Σ (ref − cur) · ln(ref / cur) over the floored bin shares (Evidently `psi`). */
export function populationStabilityIndex(reference: number[], current: number[]): number {
  const ref = flooredShares(reference);
  const cur = flooredShares(current);
  return ref.reduce((sum, r, i) => sum + (r - cur[i]!) * Math.log(r / cur[i]!), 0);
}

const relativeEntropy = (p: number, q: number) => (p === 0 ? 0 : p * Math.log(p / q));

/**
 * Jensen-Shannon DISTANCE, natural log, as scipy.spatial.distance.jensenshannon (which Evidently's `jensenshannon`
 * stattest calls on unfloored shares): sqrt((KL(p‖m) + KL(q‖m)) / 2) with m = (p + q) / 2. It lies in [0, √ln 2].
 */
export function jensenShannonDistance(reference: number[], current: number[]): number {
  const p = shares(reference);
  const q = shares(current);
  let divergence = 0;
  p.forEach((pi, i) => {
    const qi = q[i]!;
    const m = (pi + qi) / 2;
    divergence += relativeEntropy(pi, m) + relativeEntropy(qi, m);
  });
  return Math.sqrt(Math.max(0, divergence / 2));
}
