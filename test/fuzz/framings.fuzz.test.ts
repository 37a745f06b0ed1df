import fc from 'fast-check';
import { describe, it } from 'vitest';
import { checkContract, type RequestRecord } from './contract.js';
import {
  compactJson,
  framedRecord,
  type RecordExpectation,
} from './framedRecords.js';
import type { FunctionKind, Invocation } from './fuzzFunctions.js';
import { createFuzzFunction } from './fuzzFunctions.js';
import { fuzzParameters } from './fuzzSettings.js';
import { hostileEvent, RecordSource } from './hostileEvents.js';

const SOURCES = [
  RecordSource.directPut,
  RecordSource.kinesis,
  RecordSource.msk,
];

// What each generated record's answer must be, by its data (the same data
// always comes with the same expectation).
const expectations = new Map<string, RecordExpectation>();

function framedEvents(
  kind: FunctionKind,
  source: RecordSource,
  decompress: boolean,
) {
  const data = framedRecord({
    decompress,
    // Inside the arrival hour: not late, not early.
    ...(kind === 'partition' ? { timestamp: '"2026-03-01T11:59:00Z"' } : {}),
  }).map(({ data, expect }) => {
    expectations.set(data, expect);
    return data;
  });
  return hostileEvent(kind, source, { data, maxRecords: 8 });
}

function fail(message: string): never {
  throw new Error(`framing rule: ${message}`);
}

/** The framing rule on every answer whose record was generated here. */
function checkFramings(
  records: readonly RequestRecord[],
  outcome: Invocation,
  kind: FunctionKind,
): void {
  const answers = outcome.response?.records ?? [];
  answers.forEach((answer, i) => {
    const record = records[i] as RequestRecord;
    const data = record.kafkaRecordValue ?? record.data;
    const expect =
      typeof data === 'string' ? expectations.get(data) : undefined;
    if (expect === undefined || expect.kind === 'any') return;
    const at = `records[${i}] (${answer.result})`;
    if (expect.kind === 'fails') {
      if (answer.result === 'Ok') fail(`${at}: must not be Ok`);
      return;
    }
    if (answer.result !== 'Ok') {
      // TransformFunction has no reason to refuse a valid framing;
      // partitioning may send a record to the fallback stream.
      if (kind === 'transform') fail(`${at}: a valid framing was not Ok`);
      return;
    }
    const payload = answer.kafkaRecordValue ?? answer.data ?? '';
    const lines = Buffer.from(payload, 'base64')
      .toString('utf8')
      .slice(0, -1)
      .split('\n');
    if (lines.length !== expect.compact.length) {
      fail(`${at}: ${lines.length} lines for ${expect.compact.length} values`);
    }
    lines.forEach((line, j) => {
      const value = expect.compact[j] as string;
      // Only whitespace outside strings may change: digits and escapes stay.
      if (compactJson(line) !== value) {
        fail(`${at}: line ${j + 1} is ${line}, the value was ${value}`);
      }
      if (
        JSON.stringify(JSON.parse(line)) !== JSON.stringify(JSON.parse(value))
      ) {
        fail(`${at}: line ${j + 1} does not parse to the value`);
      }
    });
  });
}

describe('producer framings and gzip records (fuzz)', () => {
  describe.each([
    ['transform', 'auto'],
    ['transform', 'none'],
    ['partition', 'auto'],
    ['partition', 'none'],
  ] as const)('%s with DECOMPRESS=%s', (kind, mode) => {
    it.each(SOURCES)(
      'answers each value on its own line for %s records',
      async (source) => {
        // Prepare
        const invoke = createFuzzFunction(kind, { DECOMPRESS: mode });

        // Act / Assess
        await fc.assert(
          fc.asyncProperty(
            framedEvents(kind, source, mode === 'auto'),
            async (hostile) => {
              const outcome = await invoke(hostile.event);
              checkContract(hostile.event, outcome, {
                kind,
                malformed: hostile.malformed,
                malformedRecord: hostile.malformedRecord,
              });
              checkFramings(hostile.event.records, outcome, kind);
            },
          ),
          fuzzParameters(12),
        );
      },
    );
  });
});
