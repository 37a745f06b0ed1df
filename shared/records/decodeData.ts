import { isUtf8 } from 'node:buffer';
import { RecordError } from '../errors.js';
import { FailureReason } from '../firehose/reasons.js';

const PADDING = 0x3d; // '='

/**
 * Decode a record's base64 `data` strictly. Node's decoder silently skips
 * characters outside the alphabet, and reads only the low byte of a
 * character above U+00FF (`"e30\u014b"` would decode like `"e30K"`);
 * Firehose always sends padded standard base64, so anything else is
 * rejected rather than half-decoded.
 *
 * @throws RecordError `invalid-base64`
 * @example
 * ```ts
 * decodeBase64('eyJhIjoxfQ=='); // <Buffer 7b 22 61 22 3a 31 7d>
 * ```
 */
export function decodeBase64(data: string): Buffer {
  const length = data.length;
  // One UTF-8 byte per character means every character is ASCII: then
  // the length check below catches any character Node skipped. Native and
  // far cheaper than a regular expression over the whole string.
  if (Buffer.byteLength(data, 'utf8') !== length) {
    throw new RecordError(
      FailureReason.invalidBase64,
      'contains characters outside the standard base64 alphabet',
    );
  }
  if (length % 4 !== 0) {
    throw new RecordError(
      FailureReason.invalidBase64,
      `length ${length} is not a multiple of 4`,
    );
  }
  let padding = 0;
  if (length > 0 && data.charCodeAt(length - 1) === PADDING) padding++;
  if (length > 1 && data.charCodeAt(length - 2) === PADDING) padding++;
  const bytes = Buffer.from(data, 'base64');
  // A skipped character shortens the output; '-' and '_' (base64url) are
  // accepted by Node but are not standard base64.
  if (
    bytes.length !== (length / 4) * 3 - padding ||
    data.indexOf('-') !== -1 ||
    data.indexOf('_') !== -1
  ) {
    throw new RecordError(
      FailureReason.invalidBase64,
      'contains characters outside the standard base64 alphabet',
    );
  }
  return bytes;
}

/**
 * Decode bytes as UTF-8, rejecting invalid sequences (no U+FFFD
 * replacement: that would alter the data). A BOM is kept; the JSON Lines
 * stage strips it.
 *
 * @throws RecordError `invalid-utf8`
 * @example
 * ```ts
 * decodeUtf8(Buffer.from('{"a":1}')); // '{"a":1}'
 * ```
 */
export function decodeUtf8(bytes: Buffer): string {
  if (!isUtf8(bytes)) {
    throw new RecordError(
      FailureReason.invalidUtf8,
      'data is not valid UTF-8 text',
    );
  }
  return bytes.toString('utf8');
}
