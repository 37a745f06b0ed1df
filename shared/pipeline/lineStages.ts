import type { FirehoseRecord, Rejection } from '../firehose/types.js';
import { isRejection } from '../firehose/verdicts.js';
import type { JsonLine } from '../records/jsonLines.js';

/**
 * A per-line stage: return the line (the same object when unchanged, or a
 * new `{ text, value }`), or a rejection: `dropped(…)` removes this line,
 * `failed(…)` fails the whole record. Throwing fails the record with
 * `stage-error`. This is the extension point for your own logic.
 *
 * @example
 * ```ts
 * const dropPageViews: LineStage = (line) =>
 *   (line.value as { type?: string }).type === 'page_view' ? dropped('filtered') : line;
 * ```
 */
export type LineStage = (
  line: JsonLine,
  record: FirehoseRecord,
) => JsonLine | Rejection;

/**
 * Run the stages over every line, in order. Returns the same array when no
 * stage changed or dropped anything (so canonical input passes through
 * unchanged), the new lines otherwise, or the first `failed` rejection. When
 * every line is dropped, returns the last `dropped` rejection.
 *
 * @example
 * ```ts
 * const out = applyLineStages(parsed.lines, [validate, redact], record);
 * ```
 */
export function applyLineStages(
  lines: readonly JsonLine[],
  stages: readonly LineStage[],
  record: FirehoseRecord,
): readonly JsonLine[] | Rejection {
  if (stages.length === 0) return lines;
  let out: JsonLine[] | undefined;
  let lastDrop: Rejection | undefined;
  for (let i = 0; i < lines.length; i++) {
    const original = lines[i] as JsonLine;
    let line: JsonLine | Rejection = original;
    for (const stage of stages) {
      line = stage(line, record);
      if (isRejection(line)) break;
    }
    if (isRejection(line)) {
      if (line.result === 'ProcessingFailed') return line;
      lastDrop = line;
      out ??= lines.slice(0, i);
      continue;
    }
    if (out === undefined && line !== original) out = lines.slice(0, i);
    out?.push(line);
  }
  if (out === undefined) return lines;
  if (out.length === 0 && lastDrop !== undefined) return lastDrop;
  return out;
}
