import { trimJsonWhitespace } from '../records/jsonWhitespace.js';
import type { DataMessage, LogEvent } from './readCloudWatchLogs.js';

/**
 * Write a data message's log events as JSON Lines: one object per event,
 * `{ id, timestamp, message, logGroup, logStream, owner,
 * subscriptionFilters }`, each ended by `\n`. With `embedJsonMessage`, a
 * message that is a JSON object or array is embedded as JSON: its own text
 * verbatim (so big integers and key order survive), with raw line breaks,
 * which valid JSON only has between tokens, turned into spaces so the line
 * stays one line. Any other message stays a string.
 *
 * @example
 * ```ts
 * const line = createLogEventWriter(message, true);
 * line({ id: '1', timestamp: 1772337906789, message: '{"level":"info"}' });
 * // '{"id":"1","timestamp":1772337906789,"message":{"level":"info"},"logGroup":…}\n'
 * ```
 */
export function createLogEventWriter(
  message: DataMessage,
  embedJsonMessage: boolean,
): (event: LogEvent) => string {
  // The same for every event of the message: built once.
  const tail =
    `,"logGroup":${JSON.stringify(message.logGroup)}` +
    `,"logStream":${JSON.stringify(message.logStream)}` +
    `,"owner":${JSON.stringify(message.owner)}` +
    `,"subscriptionFilters":${JSON.stringify(message.subscriptionFilters)}}\n`;
  return function logEventLine(event) {
    const text = embedJsonMessage
      ? (embeddedJson(event.message) ?? JSON.stringify(event.message))
      : JSON.stringify(event.message);
    return `{"id":${JSON.stringify(event.id)},"timestamp":${event.timestamp},"message":${text}${tail}`;
  };
}

/**
 * The text of a message that is a JSON object or array, ready to embed;
 * `undefined` for anything else.
 *
 * @example
 * ```ts
 * embeddedJson(' {"a":\n 12345678901234567890} '); // '{"a":  12345678901234567890}'
 * embeddedJson('plain text'); // undefined
 * ```
 */
export function embeddedJson(message: string): string | undefined {
  const text = trimJsonWhitespace(message);
  const first = text.charCodeAt(0);
  if (first !== 0x7b && first !== 0x5b) return undefined; // { or [
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  const oneLine = text.replace(/[\r\n]/g, ' ');
  // A lone surrogate (from a `\ud800` escape in the subscription message)
  // is legal in a JSON string but has no UTF-8 form: written out it would
  // become U+FFFD. Written as its escape, it stays the same code unit.
  return SURROGATE.test(oneLine)
    ? oneLine.replace(LONE_SURROGATE, escapeCodeUnit)
    : oneLine;
}

const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeCodeUnit(unit: string): string {
  return `\\u${unit.charCodeAt(0).toString(16)}`;
}
