/**
 * Round ticks from 0 to the first one at or above the largest figure: a step of 1, 2, 2.5 or 5 times a power of ten,
 * at most six ticks, so an axis reads 0, 0.1, 0.2, 0.3 rather than 0, 0.065, 0.13, 0.195.
 */
export function axisTicks(largest: number): number[] {
  if (!(largest > 0) || !Number.isFinite(largest)) return [0, 0.25, 0.5, 0.75, 1];
  const rough = largest / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((s) => s * magnitude).find((s) => s >= rough * (1 - 1e-9))!;
  const intervals = Math.max(1, Math.ceil(largest / step - 1e-9));
  return Array.from({ length: intervals + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** A tick as the axis prints it: at most three significant digits. */
export const tickLabel = (value: number) => String(Number(value.toPrecision(3)));

/** The axis width in pixels that its longest label needs at 11 px. */
export const axisWidth = (ticks: number[]) => 12 + 7 * Math.max(...ticks.map((t) => tickLabel(t).length));
