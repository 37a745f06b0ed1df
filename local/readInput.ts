// Reads the user's records for a replay: NDJSON (one record a line, from a
// file or stdin), each line one Firehose record, or a Firehose
// transformation event (as `npm run event` writes: binary data such as
// CloudWatch Logs payloads included). Arrival time: "now" in replay order,
// or read from a field (the event's approximateArrivalTimestamp) so that
// lateness replays the same way every time (records are then put in
// arrival order).
//
// Lines are split on bytes and each record is the line's bytes as they
// are: invalid UTF-8 reaches the processor (and the error prefix's
// rawData) unaltered, as it would through Firehose. A file is read in
// chunks, never whole, so memory does not grow with the record count.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { FirehoseEvent } from '#shared/firehose/types.js';

/** Raised for an input that cannot be replayed. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A record to replay: its bytes and arrival time. */
export interface InputRecord {
  data: Buffer;
  arrivalMs: number;
}

/** How to read arrival times. */
export interface InputOptions {
  /** A dotted path: each JSON line's arrival (ISO-8601 or epoch). */
  arrivalField?: string | undefined;
  /** The clock for records without an arrival field. */
  now?: () => number;
}

/** An input opened for a replay. */
export interface OpenedInput {
  format: 'ndjson' | 'firehose-event';
  /** In arrival order; iterate once. */
  records: Iterable<InputRecord>;
  /** Records read so far (all of them once `records` is consumed). */
  readonly count: number;
  /** Lines without an arrival field (known before iterating). */
  missingArrival: number;
}

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Parse a transformation event (records with their
 * approximateArrivalTimestamp) or NDJSON into records
 * `{ data: Buffer, arrivalMs }`.
 * With `arrivalField` (a dotted path) each JSON line gives its arrival
 * (ISO-8601, or epoch s/ms/µs/ns by magnitude); a line without one (not
 * JSON, field missing) arrives with the line before it. Records are then
 * stably sorted by arrival. Without it, arrival is `now()` per record.
 * Text is taken as UTF-8; bytes are split on `\n` as they are.
 *
 * @example
 *   parseInput('{"a":1}\n{"a":2}\n', { arrivalField: 'arrivedAt' });
 */
export function parseInput(
  input: string | Uint8Array,
  { arrivalField, now = Date.now }: InputOptions = {},
): {
  records: InputRecord[];
  missingArrival: number;
  format: 'ndjson' | 'firehose-event';
} {
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  const event = asFirehoseEvent(bytes);
  if (event !== undefined) {
    return {
      records: eventRecords(event, now),
      missingArrival: 0,
      format: 'firehose-event',
    };
  }
  const lines = () => splitLines(chunksOf(bytes));
  const { records, missingArrival } = ndjsonRecords(lines, {
    arrivalField,
    now,
  });
  return { records: [...records], missingArrival, format: 'ndjson' };
}

/**
 * Open `--input` (a file, or `-` for stdin) for a streamed replay. A
 * Firehose event is parsed whole (it is one JSON document); NDJSON is read
 * line by line. With `arrivalField`, a first pass reads the arrival times
 * (and reports a first record without one before anything runs); records
 * already in arrival order are then streamed, others replayed in arrival
 * order through an index of (arrival, offset, length) per record.
 *
 * @example
 *   const input = openInput('events.ndjson', { arrivalField: 'arrivedAt' });
 *   for (const record of input.records) put(record);
 */
export function openInput(
  path: string,
  { arrivalField, now = Date.now }: InputOptions = {},
): OpenedInput {
  if (path === '-') {
    // A pipe is read once: it is held in memory.
    const parsed = parseInput(readInputBytes(path), { arrivalField, now });
    return {
      format: parsed.format,
      records: parsed.records,
      count: parsed.records.length,
      missingArrival: parsed.missingArrival,
    };
  }
  const head = readHead(path);
  if (looksLikeEvent(head)) {
    const event = asFirehoseEvent(readInputBytes(path));
    if (event !== undefined) {
      const records = eventRecords(event, now);
      return {
        format: 'firehose-event',
        records,
        count: records.length,
        missingArrival: 0,
      };
    }
  }
  const lines = () => splitLines(fileChunks(path));
  const { records, missingArrival, counter } = ndjsonRecords(lines, {
    arrivalField,
    now,
    openReader: () => openRangeReader(path),
  });
  return {
    format: 'ndjson',
    records,
    get count() {
      return counter.records;
    },
    missingArrival,
  };
}

/** Read a file, or stdin for '-', as bytes. */
export function readInputBytes(path: string): Buffer {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (error) {
    throw new InputError(
      `cannot read --input ${path}: ${(error as Error).message}`,
    );
  }
}

/** Read a file, or stdin for '-' (as UTF-8 text). */
export function readInputText(path: string): string {
  return readInputBytes(path).toString('utf8');
}

interface Line {
  data: Buffer;
  offset: number;
}

/**
 * The records of NDJSON lines (`lines` may be read twice: once for the
 * arrival times, once for the records).
 */
function ndjsonRecords(
  lines: () => Iterable<Line>,
  {
    arrivalField,
    now,
    openReader,
  }: {
    arrivalField: string | undefined;
    now: () => number;
    openReader?: () => RangeReader;
  },
): {
  records: Iterable<InputRecord>;
  missingArrival: number;
  counter: { records: number };
} {
  const counter = { records: 0 };
  if (arrivalField === undefined) {
    return {
      records: (function* () {
        for (const line of lines()) {
          counter.records++;
          yield { data: line.data, arrivalMs: now() };
        }
      })(),
      missingArrival: 0,
      counter,
    };
  }
  // First pass: arrival times only (the bytes are dropped as read).
  const arrivals: number[] = [];
  const offsets: number[] = [];
  const lengths: number[] = [];
  let previous: number | undefined;
  let missing = 0;
  let sorted = true;
  for (const line of lines()) {
    const arrivalMs = readArrival(line.data, arrivalField);
    if (arrivalMs === undefined) missing++;
    const chosen = arrivalMs ?? previous;
    if (chosen === undefined) {
      throw new InputError(
        `the first record has no arrival time in field ${arrivalField}`,
      );
    }
    if (previous !== undefined && chosen < previous) sorted = false;
    previous = chosen;
    arrivals.push(chosen);
    offsets.push(line.offset);
    lengths.push(line.data.length);
  }
  if (sorted) {
    return {
      records: (function* () {
        let index = 0;
        for (const line of lines()) {
          counter.records++;
          yield { data: line.data, arrivalMs: arrivals[index++] ?? 0 };
        }
      })(),
      missingArrival: missing,
      counter,
    };
  }
  // Out of order: replay by an index sorted on arrival (stable).
  const order = arrivals.map((_, index) => index);
  order.sort((a, b) => (arrivals[a] ?? 0) - (arrivals[b] ?? 0) || a - b);
  const all = openReader === undefined ? [...lines()] : undefined;
  return {
    records: (function* () {
      const reader = openReader?.();
      try {
        for (const index of order) {
          counter.records++;
          const data =
            reader?.read(offsets[index] ?? 0, lengths[index] ?? 0) ??
            all?.[index]?.data ??
            Buffer.alloc(0);
          yield { data, arrivalMs: arrivals[index] ?? 0 };
        }
      } finally {
        reader?.close();
      }
    })(),
    missingArrival: missing,
    counter,
  };
}

/**
 * Non-blank lines of a byte stream, split on `\n` (a `\r` before it is
 * dropped; a leading UTF-8 byte order mark too), with their byte offsets.
 */
function* splitLines(chunks: Iterable<Buffer>): Generator<Line> {
  let carry: Buffer = Buffer.alloc(0);
  let carryOffset = 0;
  let position = 0;
  let first = true;
  for (let chunk of chunks) {
    if (first) {
      first = false;
      if (chunk.subarray(0, 3).equals(BOM)) {
        chunk = chunk.subarray(3);
        position = 3;
        carryOffset = 3;
      }
    }
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end === -1) break;
      const piece = chunk.subarray(start, end);
      const line = carry.length > 0 ? Buffer.concat([carry, piece]) : piece;
      const offset = carry.length > 0 ? carryOffset : position + start;
      carry = Buffer.alloc(0);
      const yielded = toLine(line, offset);
      if (yielded !== undefined) yield yielded;
      start = end + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0) {
      if (carry.length === 0) carryOffset = position + start;
      carry = Buffer.concat([carry, rest]);
    }
    position += chunk.length;
  }
  if (carry.length > 0) {
    const yielded = toLine(carry, carryOffset);
    if (yielded !== undefined) yield yielded;
  }
}

function toLine(bytes: Buffer, offset: number): Line | undefined {
  const data =
    bytes.length > 0 && bytes[bytes.length - 1] === CR
      ? bytes.subarray(0, -1)
      : bytes;
  if (isBlank(data)) return undefined;
  // A copy: the chunk it came from is not kept alive by the record.
  return { data: Buffer.from(data), offset };
}

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte !== 0x20 && (byte < 0x09 || byte > 0x0d)) return false;
  }
  return true;
}

function* chunksOf(bytes: Uint8Array): Generator<Buffer> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let start = 0; start < buffer.length; start += CHUNK_BYTES)
    yield buffer.subarray(start, start + CHUNK_BYTES);
}

function* fileChunks(path: string): Generator<Buffer> {
  const fd = openFile(path);
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      yield chunk.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}

function readHead(path: string): Buffer {
  const fd = openFile(path);
  try {
    const head = Buffer.alloc(64 * 1024);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

interface RangeReader {
  read(offset: number, length: number): Buffer;
  close(): void;
}

function openRangeReader(path: string): RangeReader {
  const fd = openFile(path);
  return {
    read(offset, length) {
      const data = Buffer.alloc(length);
      readSync(fd, data, 0, length, offset);
      return data;
    },
    close: () => closeSync(fd),
  };
}

function openFile(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    throw new InputError(
      `cannot read --input ${path}: ${(error as Error).message}`,
    );
  }
}

/**
 * Could the input be one JSON document (an event) rather than NDJSON? Its
 * first line is `{` alone (pretty-printed), or a whole event on one line.
 */
function looksLikeEvent(head: Buffer): boolean {
  const [first] = splitLines([head]);
  if (first === undefined) return false;
  const text = first.data.toString('utf8').trim();
  if (!text.startsWith('{')) return false;
  try {
    return isEvent(JSON.parse(text));
  } catch {
    return true; // not a JSON line: maybe the start of a document
  }
}

/** The input as a transformation event `{ records: [{ recordId, data }] }`, if it is one. */
function asFirehoseEvent(bytes: Uint8Array): FirehoseEvent | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (!text.trimStart().startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // NDJSON: several documents
  }
  return isEvent(value) ? value : undefined;
}

function isEvent(value: unknown): value is FirehoseEvent {
  const records = (value as { records?: unknown } | null)?.records;
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every(
      (
        r: {
          recordId?: unknown;
          data?: unknown;
          kafkaRecordValue?: unknown;
        } | null,
      ) =>
        typeof r?.recordId === 'string' &&
        // An Amazon MSK event names the payload kafkaRecordValue.
        typeof (r?.data ?? r?.kafkaRecordValue) === 'string',
    )
  );
}

function eventRecords(event: FirehoseEvent, now: () => number): InputRecord[] {
  const records = event.records.map((record) => ({
    // An MSK record has kafkaRecordValue instead of data (isEvent).
    data: Buffer.from(
      record.data ??
        (record as { kafkaRecordValue?: string }).kafkaRecordValue ??
        '',
      'base64',
    ),
    arrivalMs: Number.isFinite(record.approximateArrivalTimestamp)
      ? record.approximateArrivalTimestamp
      : now(),
  }));
  records.sort((a, b) => a.arrivalMs - b.arrivalMs);
  return records;
}

function readArrival(line: Buffer, path: string): number | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line.toString('utf8'));
  } catch {
    return undefined;
  }
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return toEpochMs(value);
}

function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value))
    return toEpochMs(Number(value));
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    return undefined;
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return Math.round(value);
  if (value < 1e17) return Math.round(value / 1000);
  return Math.round(value / 1e6);
}
