/** Nearest-rank quantiles (each q in 0..1) of `values`, sorting once. */
export function percentiles(values: Float64Array | number[], qs: number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return qs.map((q) => {
    if (sorted.length === 0) return Number.NaN;
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return sorted[rank] ?? Number.NaN;
  });
}
