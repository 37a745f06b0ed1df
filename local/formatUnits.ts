// Numbers for people: 3,000 records, 1.2 MB, 1.8 s.

/** `12,345` */
export const count = (n: number): string => n.toLocaleString('en-US');

/** `512 B`, `48.0 KB`, `1.2 MB` (powers of 1024). */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** `850 ms`, `1.8 s` */
export const duration = (ms: number): string =>
  ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

/** A table: the first row is the header; columns after the first align right. */
export function table(rows: readonly (readonly (string | number)[])[]): string {
  const widths = (rows[0] ?? []).map((_, i) =>
    Math.max(...rows.map((row) => String(row[i]).length)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i === 0
            ? String(cell).padEnd(widths[i] ?? 0)
            : String(cell).padStart(widths[i] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
