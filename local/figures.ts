/** The p-th percentile of ascending numbers (nearest rank); NaN when there are none. */
export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** On-demand prices used for the benchmarks' cost lines (us-east-1, standard table class); an assumption, not measured. */
export const USD_PER_MILLION_UNITS = { read: 0.125, write: 0.625 } as const;
