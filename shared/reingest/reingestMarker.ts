/**
 * The marker of a re-ingested record: one JSON line put in front of the
 * output that is sent back into the source stream, authenticated by an
 * HMAC-SHA256 with the stack's key (`REINGEST_MARKER_KEY`).
 *
 * ```text
 * {"reingestedBy":"firehose-processors","version":3,"mac":"<43 chars>","partitionKeys":{"year":"2026",…},"windowEnd":1772362800000,"eventTime":1772359200000}\n
 * <the record's output: newline-terminated JSON Lines>
 * ```
 *
 * The MAC covers the version, the keys, the window end and event time
 * (epoch ms, written by EventTimePartitionFunction so that the record's
 * lateness can be judged again on its new arrival time) and every byte
 * after the line, so a producer who does not hold the key can neither
 * smuggle content past validation, pick partitions nor pick how late a
 * record is by writing a marker. When the record comes back, the processor
 * checks the MAC, checks that the rest is valid newline-terminated JSON
 * Lines (a second line of defence, also when the key is the public local
 * one), strips the line and hands the rest, keys and timing to runBatch.
 * Without the processor, the line stays in front of the data in S3: it is
 * a valid JSON line, easy to filter out.
 *
 * Version-2 markers (keys, no timing) are still read, with their own MAC;
 * whether they may be answered is the returning-record judge's decision.
 */
import { FailureReason } from '../firehose/reasons.js';
import type {
  EventTiming,
  FailedVerdict,
  PartitionKeys,
} from '../firehose/types.js';
import { failed } from '../firehose/verdicts.js';
import {
  isEpochMs,
  isJsonLinesOutput,
  readKeys,
  readTiming,
} from './markerFields.js';

/**
 * node:crypto, loaded on first use: importing it costs ~10 ms of cold
 * start, and only an invocation that re-ingests or receives a marked
 * record needs it.
 */
let cryptoModule: typeof import('node:crypto') | undefined;
function nodeCrypto(): typeof import('node:crypto') {
  cryptoModule ??= process.getBuiltinModule('node:crypto');
  return cryptoModule;
}

const TAG = '{"reingestedBy":"firehose-processors"';
const TAG_BYTES = Buffer.from(TAG, 'utf8');
// Base64 of the tag's first whole 3-byte groups: any marked record's
// base64 data starts with it, so the check needs no decoding.
const TAG_BASE64 = TAG_BYTES.subarray(
  0,
  TAG_BYTES.length - (TAG_BYTES.length % 3),
).toString('base64');
const VERSION = 3;
/** The previous version: keys without timing, still read. */
const PREVIOUS_VERSION = 2;
const MAC_CHARS = 43; // HMAC-SHA256, base64url without padding
const MAX_MARKER_BYTES = 4096;
const NEWLINE = 0x0a;
const MARKER_FIELDS = new Set([
  'reingestedBy',
  'version',
  'mac',
  'partitionKeys',
  'windowEnd',
  'eventTime',
]);
const PREVIOUS_FIELDS = new Set([
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

/** A re-ingested record's output, keys and timing, marker removed. */
export interface ReingestedData {
  readonly payload: Buffer;
  readonly partitionKeys: PartitionKeys | undefined;
  /**
   * The window end and event time signed into the marker; `undefined` for
   * a marker without them (no keys, a CloudWatch Logs part, version 2).
   */
  readonly timing: EventTiming | undefined;
  /** The marker's version: 3, or 2 (written before the upgrade). */
  readonly version: number;
}

/** Writes and reads authenticated markers with one key. */
export interface ReingestMarker {
  /** Bytes of the marker line for these keys (the same for any payload). */
  markerBytes(partitionKeys?: PartitionKeys, timing?: EventTiming): number;
  /**
   * The marker line to put in front of `payload`; `timing` is written only
   * with keys (it says where those keys came from).
   */
  markerLine(
    payload: Uint8Array,
    partitionKeys?: PartitionKeys,
    timing?: EventTiming,
  ): Buffer;
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
 * marker.read(data); // { payload: output, partitionKeys: keys, timing: undefined, version: 3 }
 * ```
 */
export function createReingestMarker(key: string): ReingestMarker {
  const secret = Buffer.from(key, 'utf8');

  // Newlines separate the fields: none can contain one (JSON text, digits).
  function mac(
    version: number,
    keysJson: string,
    timing: EventTiming | undefined,
    payload: Uint8Array,
  ): string {
    const head =
      version === PREVIOUS_VERSION
        ? `${TAG}/${version}\n${keysJson}\n`
        : `${TAG}/${version}\n${keysJson}\n${timingText(timing)}\n`;
    return nodeCrypto()
      .createHmac('sha256', secret)
      .update(head)
      .update(payload)
      .digest('base64url');
  }

  function lineOf(
    macText: string,
    partitionKeys: PartitionKeys | undefined,
    timing: EventTiming | undefined,
  ): string {
    const keys =
      partitionKeys === undefined
        ? ''
        : `,"partitionKeys":${JSON.stringify(partitionKeys)}`;
    const times =
      timing === undefined
        ? ''
        : `,"windowEnd":${timing.windowEndMs},"eventTime":${timing.eventTimeMs}`;
    return `${TAG},"version":${VERSION},"mac":"${macText}"${keys}${times}}\n`;
  }

  // Timing means nothing without keys. Times that are not whole epoch ms
  // (never from the partitioner) are left out rather than thrown on in
  // the middle of a batch: the record then cannot be judged on return and
  // fails there (outdated-reingest-marker), nothing is filed wrongly.
  function timingFor(
    partitionKeys: PartitionKeys | undefined,
    timing: EventTiming | undefined,
  ): EventTiming | undefined {
    if (partitionKeys === undefined || timing === undefined) return undefined;
    return isEpochMs(timing.windowEndMs) && isEpochMs(timing.eventTimeMs)
      ? timing
      : undefined;
  }

  return {
    markerBytes(partitionKeys, timing) {
      return Buffer.byteLength(
        lineOf(
          'A'.repeat(MAC_CHARS),
          partitionKeys,
          timingFor(partitionKeys, timing),
        ),
      );
    },
    markerLine(payload, partitionKeys, timing) {
      const signed = timingFor(partitionKeys, timing);
      const keysJson =
        partitionKeys === undefined ? '' : JSON.stringify(partitionKeys);
      return Buffer.from(
        lineOf(mac(VERSION, keysJson, signed, payload), partitionKeys, signed),
      );
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
      // Never the value itself in the detail: it is record content.
      const version = fields.version;
      if (version !== VERSION && version !== PREVIOUS_VERSION) {
        return invalid(
          `unsupported version (expected ${VERSION} or ${PREVIOUS_VERSION})`,
        );
      }
      const known = version === VERSION ? MARKER_FIELDS : PREVIOUS_FIELDS;
      if (Object.keys(fields).some((k) => !known.has(k))) {
        return invalid('unknown field in the marker line');
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
      const timing = readTiming(fields, keys);
      if (typeof timing === 'string') return invalid(timing);
      const payload = data.subarray(end + 1);
      const given = fields.mac;
      if (typeof given !== 'string' || given.length !== MAC_CHARS) {
        return invalid('the marker has no valid mac');
      }
      const expected = mac(
        version,
        keys === undefined ? '' : JSON.stringify(keys),
        timing,
        payload,
      );
      // A 43-character mac with non-ASCII characters has more bytes than
      // the expected one, and timingSafeEqual throws on unequal lengths.
      const givenBytes = Buffer.from(given, 'utf8');
      if (
        givenBytes.length !== MAC_CHARS ||
        !nodeCrypto().timingSafeEqual(
          givenBytes,
          Buffer.from(expected, 'latin1'),
        )
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
      return { payload, partitionKeys: keys, timing, version };
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
  // Every JSON object starts `eyJ` in base64: the fourth character tells
  // most records apart before the whole prefix is compared.
  return (
    base64.charCodeAt(3) === TAG_FOURTH_CHAR && base64.startsWith(TAG_BASE64)
  );
}

const TAG_FOURTH_CHAR = TAG_BASE64.charCodeAt(3);

function timingText(timing: EventTiming | undefined): string {
  return timing === undefined
    ? ''
    : `${timing.windowEndMs} ${timing.eventTimeMs}`;
}

function invalid(detail: string): FailedVerdict {
  return failed(FailureReason.invalidReingestMarker, detail);
}
