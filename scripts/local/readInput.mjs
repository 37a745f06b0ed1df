// Reads the user's records for a replay: NDJSON (one record a line, from a
// file or stdin), each line one Firehose record, or a Firehose
// transformation event (as `npm run event` writes: binary data such as
// CloudWatch Logs payloads included). Arrival time: "now" in replay order,
// or read from a field (the event's approximateArrivalTimestamp) so that
// lateness replays the same way every time (records are then put in
// arrival order).
import { readFileSync } from 'node:fs';

/** Raised for an input that cannot be replayed. */
export class InputError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * Parse a transformation event (records with their
 * approximateArrivalTimestamp) or NDJSON text into records
 * `{ data: Buffer, arrivalMs }`.
 * With `arrivalField` (a dotted path) each JSON line gives its arrival
 * (ISO-8601, or epoch s/ms/µs/ns by magnitude); a line without one (not
 * JSON, field missing) arrives with the line before it. Records are then
 * stably sorted by arrival. Without it, arrival is `now()` per record.
 *
 * @example
 *   parseInput('{"a":1}\n{"a":2}\n', { arrivalField: 'arrivedAt' });
 */
export function parseInput(text, { arrivalField, now = Date.now } = {}) {
  const event = asFirehoseEvent(text);
  if (event !== undefined) {
    const records = event.records.map((record) => ({
      data: Buffer.from(record.data, 'base64'),
      arrivalMs: Number.isFinite(record.approximateArrivalTimestamp)
        ? record.approximateArrivalTimestamp
        : now(),
    }));
    records.sort((a, b) => a.arrivalMs - b.arrivalMs);
    return { records, missingArrival: 0, format: 'firehose-event' };
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const records = [];
  let previous;
  let missing = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const data = Buffer.from(line, 'utf8');
    if (arrivalField === undefined) {
      records.push({ data, arrivalMs: now() });
      continue;
    }
    const arrivalMs = readArrival(line, arrivalField);
    if (arrivalMs === undefined) missing++;
    const chosen = arrivalMs ?? previous;
    if (chosen === undefined) {
      throw new InputError(
        `the first record has no arrival time in field ${arrivalField}`,
      );
    }
    previous = chosen;
    records.push({ data, arrivalMs: chosen });
  }
  if (arrivalField !== undefined)
    records.sort((a, b) => a.arrivalMs - b.arrivalMs);
  return { records, missingArrival: missing, format: 'ndjson' };
}

/** The text as a transformation event `{ records: [{ recordId, data }] }`, if it is one. */
function asFirehoseEvent(text) {
  if (!text.trimStart().startsWith('{')) return undefined;
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // NDJSON: several documents
  }
  const records = value?.records;
  const isEvent =
    Array.isArray(records) &&
    records.length > 0 &&
    records.every(
      (r) => typeof r?.recordId === 'string' && typeof r?.data === 'string',
    );
  return isEvent ? value : undefined;
}

/** Read a file, or stdin for '-'. */
export function readInputText(path) {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read --input ${path}: ${error.message}`);
  }
}

function readArrival(line, path) {
  let value;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = value[key];
  }
  return toEpochMs(value);
}

function toEpochMs(value) {
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
