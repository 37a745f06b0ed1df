import type { JsonLine, JsonLines } from '../records/jsonLines.js';

/**
 * A record decoded, parsed and run through the line stages: what the
 * readers (`transformRecord`, `scanRecord`, `logRecords`) hand to the
 * answer. Its own module so that the readers need not import each other.
 *
 * @example
 * ```ts
 * const transformed: TransformedRecord = { parsed, lines: parsed.lines };
 * ```
 */
export interface TransformedRecord {
  readonly parsed: JsonLines;
  /** The output lines (the parsed lines when no stage changed anything). */
  readonly lines: readonly JsonLine[];
  /** The output (base64) when the reader already knows it. */
  readonly output?: string;
}
