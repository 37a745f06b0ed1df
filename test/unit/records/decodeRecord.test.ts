import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '#shared/errors.js';
import type { FirehoseRecord } from '#shared/firehose/types.js';
import { readLatenessConfig } from '#shared/lateness/latenessConfig.js';
import { createLogger } from '#shared/observability/logger.js';
import { createPartitionProcessor } from '#shared/pipeline/partitionRecords.js';
import { runBatch } from '#shared/pipeline/runBatch.js';
import { transformRecord } from '#shared/pipeline/transformRecord.js';
import { createRecordDecoder } from '#shared/records/decodeRecord.js';
import {
  type DecompressConfig,
  readDecompressConfig,
} from '#shared/records/decompressConfig.js';
import { createEventTimeStage } from '#shared/time/eventTimeStage.js';
import { readPartitionConfig } from '#shared/time/partitionConfig.js';
import {
  b64,
  fakeContext,
  firehoseEvent,
  firehoseRecord,
  unb64,
} from '../../helpers/records.js';

/** A record whose data is the gzip of `text`. */
function gzipRecord(text: string, recordId?: string): FirehoseRecord {
  return firehoseRecord(gzipSync(text).toString('base64'), {
    raw: true,
    ...(recordId === undefined ? {} : { recordId }),
  });
}

const auto: DecompressConfig = { mode: 'auto', maxDecompressedBytes: 65_536 };

function transformAll(records: FirehoseRecord[], config = auto) {
  const decode = createRecordDecoder(config).forBatch();
  return records.map((record) => transformRecord(record, [], decode));
}

describe('transformRecord with gzip records', () => {
  it('answers a gzip record with its decompressed JSON Lines, newline-terminated', () => {
    // Prepare
    const record = gzipRecord('{"a":1}\n{"b":12345678901234567890123}');

    // Act
    const [verdict] = transformAll([record]);

    // Assess
    expect(verdict).toEqual({
      result: 'Ok',
      data: b64('{"a":1}\n{"b":12345678901234567890123}\n'),
    });
  });

  it('answers canonical decompressed JSON Lines byte for byte, never the gzip', () => {
    // Prepare
    const record = gzipRecord('{"a":1}\n');

    // Act
    const [verdict] = transformAll([record]);

    // Assess
    expect(verdict).toEqual({ result: 'Ok', data: b64('{"a":1}\n') });
  });

  it('reads a pretty-printed document inside the gzip like any other', () => {
    // Prepare
    const record = gzipRecord('{\n  "a": 1\n}\n');

    // Act
    const [verdict] = transformAll([record]);

    // Assess
    expect(verdict).toEqual({ result: 'Ok', data: b64('{"a":1}\n') });
  });

  it('fails compressed-record with DECOMPRESS=none', () => {
    // Prepare
    const record = gzipRecord('{"a":1}');

    // Act
    const [verdict] = transformAll([record], { ...auto, mode: 'none' });

    // Assess
    expect(verdict).toMatchObject({
      result: 'ProcessingFailed',
      reason: 'compressed-record',
    });
  });

  it('leaves an uncompressed record alone with DECOMPRESS=none', () => {
    // Prepare
    const record = firehoseRecord('{"a":1}\n');

    // Act
    const [verdict] = transformAll([record], { ...auto, mode: 'none' });

    // Assess
    expect(verdict).toEqual({ result: 'Ok', data: record.data });
  });

  it('fails a gzip bomb decompressed-too-large, reading no more than the cap', () => {
    // Prepare: 64 MiB of spaces in ~64 KiB of gzip.
    const bomb = firehoseRecord(
      gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)).toString('base64'),
      { raw: true },
    );

    // Act
    const [verdict] = transformAll([bomb]);

    // Assess
    expect(verdict).toMatchObject({
      result: 'ProcessingFailed',
      reason: 'decompressed-too-large',
    });
  });

  it('caps the decompressed total of an invocation, in record order', () => {
    // Prepare: each record decompresses to 40,000 bytes; the cap is 65,536.
    const text = `${JSON.stringify({ p: 'x'.repeat(39_990) })}\n`;
    const records = [gzipRecord(text, 'r1'), gzipRecord(text, 'r2')];

    // Act
    const verdicts = transformAll(records);

    // Assess
    expect(verdicts[0]).toEqual({ result: 'Ok', data: b64(text) });
    expect(verdicts[1]).toMatchObject({
      result: 'ProcessingFailed',
      reason: 'decompressed-too-large',
      detail: expect.stringContaining('for all records of the invocation'),
    });
  });

  it('gives each invocation its own budget', () => {
    // Prepare
    const text = `${JSON.stringify({ p: 'x'.repeat(39_990) })}\n`;
    const decoder = createRecordDecoder(auto);

    // Act
    const first = transformRecord(gzipRecord(text), [], decoder.forBatch());
    const second = transformRecord(gzipRecord(text), [], decoder.forBatch());

    // Assess
    expect(first.result).toBe('Ok');
    expect(second.result).toBe('Ok');
  });

  it('fails a truncated gzip stream invalid-gzip', () => {
    // Prepare
    const gzip = gzipSync('{"a":1}');
    const record = firehoseRecord(
      gzip.subarray(0, gzip.length - 6).toString('base64'),
      { raw: true },
    );

    // Act
    const [verdict] = transformAll([record]);

    // Assess
    expect(verdict).toMatchObject({
      result: 'ProcessingFailed',
      reason: 'invalid-gzip',
    });
  });
});

describe('readDecompressConfig', () => {
  it('defaults to auto and 16 MiB', () => {
    // Act
    const config = readDecompressConfig({});

    // Assess
    expect(config).toEqual({ mode: 'auto', maxDecompressedBytes: 16_777_216 });
  });

  it('names DECOMPRESS and its values when it is invalid', () => {
    // Act
    const read = () => readDecompressConfig({ DECOMPRESS: 'gzip' });

    // Assess
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow('DECOMPRESS="gzip"; expected one of auto, none');
  });
});

describe('createPartitionProcessor with gzip records', () => {
  it('partitions a gzip record by its decompressed event time and answers the JSON Lines', async () => {
    // Prepare
    const arrival = Date.UTC(2026, 2, 1, 12, 30);
    const text = '{"timestamp":"2026-03-01T12:10:00Z"}\n';
    const record = firehoseRecord(gzipSync(text).toString('base64'), {
      raw: true,
      arrival,
    });
    const env = {};
    const config = readPartitionConfig(env);
    const processor = createPartitionProcessor({
      stages: [],
      fieldPath: config.timestampField,
      eventTime: createEventTimeStage(config),
      lateness: readLatenessConfig(env),
      partitionWarningThreshold: config.partitionWarningThreshold,
      fallback: undefined,
      logger: createLogger({}, {}, () => undefined),
      decoder: createRecordDecoder(auto),
    });

    // Act
    const response = await runBatch(
      firehoseEvent([record]),
      fakeContext(),
      processor,
      {
        logger: createLogger({}, {}, () => undefined),
        namespace: 'Test',
        functionName: 'partition',
      },
    );

    // Assess
    expect(response.records[0]).toMatchObject({
      result: 'Ok',
      metadata: { partitionKeys: { hour: '12' } },
    });
    expect(unb64(response.records[0]?.data ?? '')).toBe(text);
  });
});
