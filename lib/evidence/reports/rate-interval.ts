/**
 * The Wilson score interval (95%) of a rate of `hits` in `trials`: a bound Provenant computes itself when a tool
 * gives none, so "upper bound ≤ 5%" cannot pass on eight lucky attempts (0/8 has an upper bound of 32%).
 */
const Z = 1.959963984540054;

export function wilsonInterval(hits: number, trials: number): { lower: number; upper: number } {
  const p = hits / trials;
  const z2 = Z * Z;
  const denominator = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denominator;
  const half = (Z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { lower: round(Math.max(0, center - half)), upper: round(Math.min(1, center + half)) };
}

export const round = (value: number) => Math.round(value * 1e6) / 1e6;
