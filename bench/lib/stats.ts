// Small statistics and number formatting for the benchmark tables.

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Relative spread: (p75 - p25) / median, a robust noise estimate. */
export function spread(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ??
    Number.NaN;
  return (at(0.75) - at(0.25)) / median(values);
}

/** 12345.6 → '12,346' */
export function integer(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Fixed decimals, or '–' for a missing value. */
export function fixed(value: number | undefined, digits = 1): string {
  return value === undefined || Number.isNaN(value)
    ? '–'
    : value.toFixed(digits);
}

/** Bytes as decimal megabytes (10^6), as throughput is quoted. */
export function megabytes(bytes: number, digits = 2): string {
  return (bytes / 1e6).toFixed(digits);
}

/** Bytes as KB (1024), as bundle sizes are quoted. */
export function kilobytes(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

/** Bytes as MiB. */
export function mebibytes(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

/** Render rows as an aligned text table; numeric-looking cells right-aligned. */
export function table(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const all = [header, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = header.map((_, i) =>
    Math.max(...all.map((row) => (row[i] ?? '').length)),
  );
  const numeric = (cell: string): boolean =>
    /^[-+]?[\d,.]+(×|%| ms)?$/.test(cell);
  const render = (row: readonly string[]): string =>
    row
      .map((cell, i) =>
        numeric(cell)
          ? cell.padStart(widths[i] ?? 0)
          : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    render(all[0] ?? []),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...all.slice(1).map(render),
  ].join('\n');
}
