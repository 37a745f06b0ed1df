import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '#shared/errors.js';
import { transformRecord } from '#shared/pipeline/transformRecord.js';
import {
  createSchemaStage,
  readSchemaConfig,
} from '#shared/validation/schemaStage.js';
import { firehoseRecord } from '../../helpers/records.js';

const order = {
  orderId: 'o-1',
  timestamp: '2026-03-01T10:00:00Z',
  amount: 12.5,
  currency: 'EUR',
};

describe('readSchemaConfig', () => {
  it('defaults to no schema and fail', () => {
    // Act
    const config = readSchemaConfig({});

    // Assess
    expect(config).toEqual({ schema: '', onInvalid: 'fail' });
  });

  it('names the variable and the compiled schemas for an unknown schema', () => {
    // Act
    const act = () => readSchemaConfig({ RECORD_SCHEMA: 'nope' });

    // Assess
    expect(act).toThrow(ConfigurationError);
    expect(act).toThrow(/RECORD_SCHEMA="nope".*clickstream, order/);
  });

  it('rejects an unknown ON_INVALID', () => {
    // Act
    const act = () => readSchemaConfig({ ON_INVALID: 'ignore' });

    // Assess
    expect(act).toThrow('ON_INVALID="ignore"; expected one of fail, drop');
  });
});

describe('createSchemaStage', () => {
  it('accepts a valid record (draft 2020-12 schema)', () => {
    // Prepare
    const stage = createSchemaStage({ schema: 'order', onInvalid: 'fail' });

    // Act
    const verdict = transformRecord(
      firehoseRecord(order),
      stage ? [stage] : [],
    );

    // Assess
    expect(verdict.result).toBe('Ok');
  });

  it('fails an invalid record with the first error, not the data', () => {
    // Prepare
    const stage = createSchemaStage({ schema: 'order', onInvalid: 'fail' });
    const invalid = { ...order, currency: 'euros', secret: 'hunter2' };

    // Act
    const verdict = transformRecord(
      firehoseRecord(invalid),
      stage ? [stage] : [],
    );

    // Assess
    expect(verdict).toEqual({
      result: 'ProcessingFailed',
      reason: 'schema-mismatch',
      detail: '/currency must match pattern "^[A-Z]{3}$" (schema order)',
    });
  });

  it('checks formats (ajv-formats) in a draft-07 schema', () => {
    // Prepare
    const stage = createSchemaStage({
      schema: 'clickstream',
      onInvalid: 'fail',
    });
    const event = { eventId: 'not-a-uuid', timestamp: 1, type: 'click' };

    // Act
    const verdict = transformRecord(
      firehoseRecord(event),
      stage ? [stage] : [],
    );

    // Assess
    expect(verdict).toMatchObject({
      reason: 'schema-mismatch',
      detail: '/eventId must match format "uuid" (schema clickstream)',
    });
  });

  it('drops invalid records with ON_INVALID=drop', () => {
    // Prepare
    const stage = createSchemaStage({ schema: 'order', onInvalid: 'drop' });

    // Act
    const verdict = transformRecord(firehoseRecord({}), stage ? [stage] : []);

    // Assess
    expect(verdict).toMatchObject({
      result: 'Dropped',
      reason: 'schema-mismatch',
    });
  });

  it('fails a multi-line record when one line is invalid', () => {
    // Prepare
    const stage = createSchemaStage({ schema: 'order', onInvalid: 'fail' });
    const text = `${JSON.stringify(order)}\n${JSON.stringify({ orderId: 'x' })}\n`;

    // Act
    const verdict = transformRecord(firehoseRecord(text), stage ? [stage] : []);

    // Assess
    expect(verdict.result).toBe('ProcessingFailed');
  });
});
