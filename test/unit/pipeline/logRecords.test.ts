import { describe, expect, it } from 'vitest';
import { readInputFormatConfig } from '#shared/formats/formatConfig.js';
import { readLatenessConfig } from '#shared/lateness/latenessConfig.js';
import { createLogger } from '#shared/observability/logger.js';
import {
  readerForInputFormat,
  transformLogRecord,
} from '#shared/pipeline/logRecords.js';
import { createPartitionProcessor } from '#shared/pipeline/partitionRecords.js';
import { runBatch } from '#shared/pipeline/runBatch.js';
import { createEventTimeStage } from '#shared/time/eventTimeStage.js';
import { readPartitionConfig } from '#shared/time/partitionConfig.js';
import {
  createSchemaStage,
  readSchemaConfig,
} from '#shared/validation/schemaStage.js';
import {
  fakeContext,
  firehoseEvent,
  firehoseRecord,
  unb64,
} from '../../helpers/records.js';

const ARRIVAL = Date.UTC(2026, 10, 22, 9, 30);
const CSV_ENV = {
  INPUT_FORMAT: 'csv',
  CSV_COLUMNS: 'orderId,timestamp,amount,currency',
  RECORD_SCHEMA: 'order',
};

function csvReader(env: Record<string, string>) {
  const stage = createSchemaStage(readSchemaConfig(env));
  const read = readerForInputFormat(
    readInputFormatConfig(env),
    stage === undefined ? [] : [stage],
  );
  if (read === undefined) throw new Error('expected a log reader');
  return read;
}

describe('readerForInputFormat', () => {
  it('leaves JSON input to its own path', () => {
    // Act
    const read = readerForInputFormat(readInputFormatConfig({}), []);

    // Assess
    expect(read).toBeUndefined();
  });

  it('validates coerced CSV rows against RECORD_SCHEMA', () => {
    // Prepare
    const read = csvReader(CSV_ENV);
    const record = firehoseRecord('o-1,2026-11-22T09:29:00Z,12.5,EUR\n', {
      arrival: ARRIVAL,
    });

    // Act
    const verdict = transformLogRecord(read, record);

    // Assess
    expect(verdict.result).toBe('Ok');
    expect(unb64((verdict as { data: string }).data)).toBe(
      '{"orderId":"o-1","timestamp":"2026-11-22T09:29:00Z","amount":12.5,"currency":"EUR"}\n',
    );
  });

  it('fails a row the schema rejects, and keeps invalid base64 a base64 failure', () => {
    // Prepare
    const read = csvReader(CSV_ENV);

    // Act
    const mismatch = transformLogRecord(
      read,
      firehoseRecord('o-1,2026-11-22T09:29:00Z,cheap,EUR', {
        arrival: ARRIVAL,
      }),
    );
    const notBase64 = transformLogRecord(
      read,
      firehoseRecord('%%%%', { raw: true }),
    );

    // Assess
    expect(mismatch).toMatchObject({
      result: 'ProcessingFailed',
      reason: 'schema-mismatch',
    });
    expect(notBase64).toMatchObject({ reason: 'invalid-base64' });
  });
});

describe('EventTimePartitionFunction with INPUT_FORMAT', () => {
  it('partitions an access log record by the time of its lines', async () => {
    // Prepare
    const env = { INPUT_FORMAT: 'apache_common' };
    const partitionConfig = readPartitionConfig(env);
    const silent = createLogger({}, {}, () => undefined);
    const processor = createPartitionProcessor({
      stages: [],
      fieldPath: partitionConfig.timestampField,
      eventTime: createEventTimeStage(partitionConfig),
      lateness: readLatenessConfig(env),
      partitionWarningThreshold: 400,
      fallback: undefined,
      logger: silent,
      readRecord: readerForInputFormat(readInputFormatConfig(env), []),
    });
    const record = firehoseRecord(
      '10.0.0.1 - - [22/Nov/2026:10:29:00 +0100] "GET / HTTP/1.1" 200 1',
      { arrival: ARRIVAL },
    );

    // Act
    const response = await runBatch(
      firehoseEvent([record]),
      fakeContext(),
      processor,
      { logger: silent, namespace: 'Test', functionName: 'p' },
    );

    // Assess
    expect(response.records[0]).toMatchObject({
      result: 'Ok',
      metadata: {
        partitionKeys: { year: '2026', month: '11', day: '22', hour: '09' },
      },
    });
  });
});
