import { isUtf8 } from 'node:buffer';
import {
  isJsonLinesBytes,
  type ScannedLine,
  scanJsonLinesBytes,
} from '../records/canonicalLines.js';
import type { JsonLine } from '../records/jsonLines.js';
import { sawNonAscii } from '../records/jsonScan.js';
import type { TransformedRecord } from './transformedRecord.js';

const NEWLINE = 0x0a;
const INDEX = /^\d+$/;

/** Reads a record's lines from its decoded bytes, or declines. */
export type ScanReader = (
  record: { readonly data: string },
  bytes: Buffer,
) => TransformedRecord | undefined;

/**
 * A reader for records that are (nearly) canonical JSON Lines and need no
 * line stage: the JSON is checked by a byte scan instead of `JSON.parse`,
 * and only the value of `fieldPath` is parsed (it is what partitioning
 * reads). The lines it returns carry that value as `field`, and a lazily
 * decoded `text`. It declines (`undefined`) whatever it cannot
 * read exactly as `parseJsonLines` would — not UTF-8, not canonical, CR,
 * surrounding whitespace, an escaped or repeated key on the path, array
 * indexes in the path — and the general path then does the work.
 *
 * @example
 * ```ts
 * const read = createScanReader(['meta', 'eventTime']);
 * const transformed = read(record, bytes) ?? parseDecoded(record, bytes, []);
 * ```
 */
export function createScanReader(fieldPath: readonly string[]): ScanReader {
  const usable = !fieldPath.some((segment) => INDEX.test(segment));
  const segments =
    fieldPath.length === 0
      ? undefined
      : fieldPath.map((segment) => Buffer.from(segment, 'utf8'));
  return function readScanned(record, bytes) {
    if (!usable) return undefined;
    const scanned = scanJsonLinesBytes(bytes, segments);
    // Only a record with a byte of 0x80 or above can be invalid UTF-8.
    if (scanned === undefined || (sawNonAscii() && !isUtf8(bytes))) {
      return undefined;
    }
    const lines: JsonLine[] = scanned.map(
      (line) => new ScannedJsonLine(bytes, line),
    );
    const terminated = bytes[bytes.length - 1] === NEWLINE;
    return {
      parsed: { lines, canonical: terminated },
      lines,
      output: terminated ? record.data : base64WithNewline(bytes),
    };
  };
}

/**
 * The output (base64) of a (nearly) canonical JSON Lines record that needs
 * no stage, checked by the byte scanner without building any line; or
 * `undefined` for the general path. See {@link createScanReader}.
 *
 * @example
 * ```ts
 * const output = scanOutput(record, bytes); // record.data when canonical
 * ```
 */
export function scanOutput(
  record: { readonly data: string },
  bytes: Buffer,
): string | undefined {
  if (!isJsonLinesBytes(bytes) || (sawNonAscii() && !isUtf8(bytes))) {
    return undefined;
  }
  return bytes[bytes.length - 1] === NEWLINE
    ? record.data
    : base64WithNewline(bytes);
}

// The newline's scratch buffer (grown to the largest record, up to 1 MiB).
let scratch = Buffer.allocUnsafe(0);

/**
 * Base64 of the bytes followed by one `\n`: the answer of a record that
 * had no final newline. The bytes are copied once into a scratch buffer
 * with the newline and encoded natively into one flat string. (Joining
 * the record's own base64 with a new last group made no copy here, but
 * the response's `JSON.stringify` then flattened every joined string,
 * which measured slower for short and long records alike.)
 *
 * @example
 * ```ts
 * base64WithNewline(Buffer.from('{}')); // 'e30K' (base64 of '{}\n')
 * ```
 */
export function base64WithNewline(bytes: Uint8Array): string {
  const length = bytes.length;
  if (scratch.length < length + 1) {
    scratch = Buffer.allocUnsafe(Math.max(length + 1, 64 * 1024));
  }
  scratch.set(bytes, 0);
  scratch[length] = NEWLINE;
  const out = scratch.toString('base64', 0, length + 1);
  // A record of over 1 MiB does not keep its scratch alive.
  if (scratch.length > 1_048_576) scratch = Buffer.allocUnsafe(0);
  return out;
}

const AN_OBJECT = Object.freeze({});

/**
 * A line read by the scanner: its event-time field parsed now (as
 * `field`), its text decoded on demand; `value` only tells whether the line
 * is an object (see {@link JsonLine.field}). Plain fields, no private ones:
 * one is made per record on the partition function's hot path.
 */
class ScannedJsonLine implements JsonLine {
  readonly value: unknown;
  readonly field: { readonly value: unknown };
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;

  constructor(bytes: Buffer, line: ScannedLine) {
    this.bytes = bytes;
    this.start = line.start;
    this.end = line.end;
    this.value = line.isObject ? AN_OBJECT : null;
    this.field = { value: fieldValue(bytes, line.fieldStart, line.fieldEnd) };
  }

  get text(): string {
    return this.bytes.toString('utf8', this.start, this.end);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The field's value; scalars the scanner checked are read without JSON.parse. */
function fieldValue(bytes: Buffer, start: number, end: number): unknown {
  if (start === -1) return undefined;
  const first = bytes[start] as number;
  if (first === QUOTE) {
    // No escape: the text between the quotes is the value (no view made).
    let plain = true;
    for (let i = start + 1; i < end - 1; i++) {
      if (bytes[i] === BACKSLASH) {
        plain = false;
        break;
      }
    }
    if (plain) return bytes.toString('utf8', start + 1, end - 1);
  } else if (first === 0x2d || (first >= 0x30 && first <= 0x39)) {
    // The scanner checked the JSON number grammar, which Number() reads alike.
    return Number(bytes.toString('latin1', start, end));
  }
  return JSON.parse(bytes.toString('utf8', start, end));
}
