// Makes a processor's response readable: each record's base64 data decoded
// to text. For people only; the response itself is never altered.

const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decode base64 data to text; `undefined` when it is not standard base64
 * or not UTF-8.
 */
export function decodeData(data: unknown): string | undefined {
  if (typeof data !== 'string' || !BASE64.test(data)) return undefined;
  try {
    return utf8.decode(Buffer.from(data, 'base64'));
  } catch {
    return undefined;
  }
}

/**
 * Parse text as JSON Lines keeping numbers exactly as written (a big
 * integer is not rounded); `undefined` when a line is not JSON.
 */
export function parseJsonLinesExactly(text: string): unknown[] | undefined {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  if (lines.length === 0) return undefined;
  try {
    return lines.map((line) => JSON.parse(line, keepNumberText) as unknown);
  } catch {
    return undefined;
  }
}

/** JSON.rawJSON (Node 21+), not yet in TypeScript's ES2023 lib. */
const rawJSON = (JSON as { rawJSON?: (text: string) => unknown }).rawJSON;

function keepNumberText(
  _key: string,
  value: unknown,
  context?: { source?: string },
): unknown {
  return typeof value === 'number' &&
    rawJSON !== undefined &&
    context?.source !== undefined
    ? rawJSON(context.source)
    : value;
}

/**
 * The response made readable: each record's `data` (`kafkaRecordValue` for
 * an answer to an Amazon MSK record) replaced by `jsonLines` (the parsed
 * lines, numbers exact) when it is JSON Lines, by `text` when it is other
 * UTF-8 text, or kept as `base64` when it cannot be decoded.
 *
 * @example
 *   decodeResponse({ records: [{ recordId: '1', result: 'Ok', data: 'eyJhIjoxfQo=' }] });
 *   // { records: [{ recordId: '1', result: 'Ok', jsonLines: [{ a: 1 }] }] }
 */
export function decodeResponse(response: unknown): unknown {
  const records = recordsOf(response);
  if (records === undefined) return response;
  return {
    ...(response as object),
    records: records.map((record) => {
      // An MSK answer carries its payload in kafkaRecordValue, not data.
      const {
        data: plain,
        kafkaRecordValue,
        ...rest
      } = record as { data?: unknown; kafkaRecordValue?: unknown };
      const data = plain ?? kafkaRecordValue;
      const text = decodeData(data);
      if (text === undefined) return { ...rest, base64: data };
      const jsonLines = parseJsonLinesExactly(text);
      return jsonLines === undefined
        ? { ...rest, text }
        : { ...rest, jsonLines };
    }),
  };
}

/**
 * One line counting the results: `8 records: 5 Ok, 0 Dropped, 3 ProcessingFailed`.
 */
export function summarizeResponse(response: unknown): string {
  const records = recordsOf(response) ?? [];
  const counts: Record<string, number> = {
    Ok: 0,
    Dropped: 0,
    ProcessingFailed: 0,
  };
  for (const record of records) {
    const result = String((record as { result?: unknown })?.result);
    counts[result] = (counts[result] ?? 0) + 1;
  }
  const parts = Object.entries(counts).map(([name, n]) => `${n} ${name}`);
  return `${records.length} record${records.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

function recordsOf(response: unknown): unknown[] | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const records = (response as { records?: unknown }).records;
  return Array.isArray(records) ? records : undefined;
}
