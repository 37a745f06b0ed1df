/**
 * The marker of a re-ingested record: one JSON line put in front of the
 * output that is sent back into the source stream, authenticated by an
 * HMAC-SHA256 with the stack's key (`REINGEST_MARKER_KEY`).
 *
 * ```text
 * {"reingestedBy":"firehose-processors","version":2,"mac":"<43 chars>","partitionKeys":{"year":"2026",…}}\n
 * <the record's output: newline-terminated JSON Lines>
 * ```
 *
 * The MAC covers the version, the keys and every byte after the line, so a
 * producer who does not hold the key can neither smuggle content past
 * validation nor pick partitions by writing a marker. When the record
 * comes back, the processor checks the MAC, checks that the rest is valid
 * newline-terminated JSON Lines (a second line of defence, also when the
 * key is the public local one), strips the line and answers the rest `Ok`
 * with those keys. Without the processor, the line stays in front of the
 * data in S3: it is a valid JSON line, easy to filter out.
 */
import { isUtf8 } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { FailureReason } from '../firehose/reasons.js';
import type { FailedVerdict, PartitionKeys } from '../firehose/types.js';
import { failed } from '../firehose/verdicts.js';
import { isJsonLinesBytes } from '../records/canonicalLines.js';
import { parseJsonLines } from '../records/jsonLines.js';

const TAG = '{"reingestedBy":"firehose-processors"';
const TAG_BYTES = Buffer.from(TAG, 'utf8');
// Base64 of the tag's first whole 3-byte groups: any marked record's
// base64 data starts with it, so the check needs no decoding.
const TAG_BASE64 = TAG_BYTES.subarray(
  0,
  TAG_BYTES.length - (TAG_BYTES.length % 3),
).toString('base64');
const VERSION = 2;
const MAC_CHARS = 43; // HMAC-SHA256, base64url without padding
const MAX_MARKER_BYTES = 4096;
const NEWLINE = 0x0a;
const KEY_NAME = /^[A-Za-z0-9_]{1,64}$/;
const KEY_VALUE = /^[A-Za-z0-9_.:-]{1,128}$/;
const MARKER_FIELDS = new Set([
  'reingestedBy',
  'version',
  'mac',
  'partitionKeys',
]);

/**
 * The key used when `REINGEST_MARKER_KEY` is unset (local runs, tests):
 * public, so markers then guard against accidents, not forgery. The
 * template always sets a per-stack generated secret.
 */
export const LOCAL_MARKER_KEY = 'firehose-processors-local-marker-key';

/** A re-ingested record's output and partition keys, marker removed. */
export interface ReingestedData {
  readonly payload: Buffer;
  readonly partitionKeys: PartitionKeys | undefined;
}

/** Writes and reads authenticated markers with one key. */
export interface ReingestMarker {
  /** Bytes of the marker line for these keys (the same for any payload). */
  markerBytes(partitionKeys?: PartitionKeys): number;
  /** The marker line to put in front of `payload`. */
  markerLine(payload: Uint8Array, partitionKeys?: PartitionKeys): Buffer;
  /**
   * A marked record's output and keys; `undefined` when the data has no
   * marker; a `ProcessingFailed` (`invalid-reingest-marker`) when it starts
   * like one but the line is invalid, the MAC does not match, or what
   * follows is not newline-terminated JSON Lines.
   */
  read(data: Buffer): ReingestedData | FailedVerdict | undefined;
}

/**
 * The marker codec for a key (created once, at init).
 *
 * @example
 * ```ts
 * const marker = createReingestMarker(config.markerKey);
 * const data = Buffer.concat([marker.markerLine(output, keys), output]);
 * marker.read(data); // { payload: output, partitionKeys: keys }
 * ```
 */
export function createReingestMarker(key: string): ReingestMarker {
  const secret = Buffer.from(key, 'utf8');

  function mac(keysJson: string, payload: Uint8Array): string {
    return createHmac('sha256', secret)
      .update(`${TAG}/${VERSION}\n${keysJson}\n`)
      .update(payload)
      .digest('base64url');
  }

  function lineOf(macText: string, partitionKeys?: PartitionKeys): string {
    const keys =
      partitionKeys === undefined
        ? ''
        : `,"partitionKeys":${JSON.stringify(partitionKeys)}`;
    return `${TAG},"version":${VERSION},"mac":"${macText}"${keys}}\n`;
  }

  return {
    markerBytes(partitionKeys) {
      return Buffer.byteLength(lineOf('A'.repeat(MAC_CHARS), partitionKeys));
    },
    markerLine(payload, partitionKeys) {
      const keysJson =
        partitionKeys === undefined ? '' : JSON.stringify(partitionKeys);
      return Buffer.from(lineOf(mac(keysJson, payload), partitionKeys));
    },
    read(data) {
      if (!data.subarray(0, TAG_BYTES.length).equals(TAG_BYTES)) {
        return undefined;
      }
      const end = data.indexOf(NEWLINE, TAG_BYTES.length);
      if (end === -1 || end >= MAX_MARKER_BYTES) {
        return invalid(`no newline within ${MAX_MARKER_BYTES} bytes`);
      }
      let marker: unknown;
      try {
        marker = JSON.parse(data.toString('utf8', 0, end));
      } catch {
        return invalid('the marker line is not JSON');
      }
      if (typeof marker !== 'object' || marker === null) {
        return invalid('the marker line is not a JSON object');
      }
      const fields = marker as Record<string, unknown>;
      if (Object.keys(fields).some((k) => !MARKER_FIELDS.has(k))) {
        return invalid('unknown field in the marker line');
      }
      // Never the value itself in the detail: it is record content.
      if (fields.version !== VERSION) {
        return invalid(`unsupported version (expected ${VERSION})`);
      }
      let keys: PartitionKeys | undefined;
      if (fields.partitionKeys !== undefined) {
        keys = readKeys(fields.partitionKeys);
        if (keys === undefined) {
          return invalid(
            'partitionKeys must map 1-64 [A-Za-z0-9_] names to 1-128 [A-Za-z0-9_.:-] values',
          );
        }
      }
      const payload = data.subarray(end + 1);
      const given = fields.mac;
      if (typeof given !== 'string' || given.length !== MAC_CHARS) {
        return invalid('the marker has no valid mac');
      }
      const expected = mac(
        keys === undefined ? '' : JSON.stringify(keys),
        payload,
      );
      // A 43-character mac with non-ASCII characters has more bytes than
      // the expected one, and timingSafeEqual throws on unequal lengths.
      const givenBytes = Buffer.from(given, 'utf8');
      if (
        givenBytes.length !== MAC_CHARS ||
        !timingSafeEqual(givenBytes, Buffer.from(expected, 'latin1'))
      ) {
        return invalid(
          'the mac does not match (not written by this stack, or altered)',
        );
      }
      if (!isJsonLinesOutput(payload)) {
        return invalid(
          'what follows the marker is not newline-terminated JSON Lines',
        );
      }
      return { payload, partitionKeys: keys };
    },
  };
}

/**
 * Whether a record's base64 data starts like a marked record (cheap: no
 * decoding). {@link ReingestMarker.read} then tells for sure.
 *
 * @example
 * ```ts
 * if (looksReingested(record.data)) marker.read(decodeBase64(record.data));
 * ```
 */
export function looksReingested(base64: string): boolean {
  return base64.startsWith(TAG_BASE64);
}

/** Valid UTF-8, canonical JSON Lines, each line ended by one `\n`. */
function isJsonLinesOutput(payload: Buffer): boolean {
  if (payload.length === 0 || payload[payload.length - 1] !== NEWLINE) {
    return false;
  }
  if (!isUtf8(payload)) return false;
  if (isJsonLinesBytes(payload)) return true;
  try {
    return parseJsonLines(payload.toString('utf8')).canonical;
  } catch {
    return false;
  }
}

function readKeys(value: unknown): PartitionKeys | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const entries = Object.entries(value);
  if (entries.length === 0 || entries.length > 16) return undefined;
  for (const [name, key] of entries) {
    if (!KEY_NAME.test(name)) return undefined;
    if (typeof key !== 'string' || !KEY_VALUE.test(key) || /^\.+$/.test(key)) {
      return undefined;
    }
  }
  return Object.freeze({ ...(value as Record<string, string>) });
}

function invalid(detail: string): FailedVerdict {
  return failed(FailureReason.invalidReingestMarker, detail);
}
