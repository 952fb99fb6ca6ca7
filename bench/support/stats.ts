// Small numeric helpers for reports.

/** The p-th percentile (0..100) by the nearest-rank method on a sorted copy. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Milliseconds since the Unix epoch with sub-millisecond resolution, on one monotonic base. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
