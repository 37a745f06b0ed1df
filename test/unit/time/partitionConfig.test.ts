import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../shared/errors.js';
import { readPartitionConfig } from '../../../shared/time/partitionConfig.js';

describe('readPartitionConfig', () => {
  it('uses the defaults when nothing is set', () => {
    // Prepare
    const env = {};

    // Act
    const config = readPartitionConfig(env);

    // Assess
    expect(config).toEqual({
      timestampFieldSpec: 'timestamp',
      timestampField: ['timestamp'],
      timestampFormat: 'auto',
      granularity: 'hour',
      timeZone: 'UTC',
      onMissingTimestamp: 'fail',
      earliestEventMs: 0,
      partitionWarningThreshold: 400,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every setting', () => {
    // Prepare
    const env = {
      TIMESTAMP_FIELD: 'detail.event\\.time',
      TIMESTAMP_FORMAT: 'EPOCH_MS',
      PARTITION_GRANULARITY: 'day',
      PARTITION_TIMEZONE: 'america/new_york',
      ON_MISSING_TIMESTAMP: 'arrival',
      EARLIEST_EVENT_TIME: '1900-01-01T01:00:00+01:00',
      PARTITION_WARNING_THRESHOLD: '5000',
    };

    // Act
    const config = readPartitionConfig(env);

    // Assess
    expect(config).toEqual({
      timestampFieldSpec: 'detail.event\\.time',
      timestampField: ['detail', 'event.time'],
      timestampFormat: 'epoch_ms',
      granularity: 'day',
      timeZone: 'America/New_York',
      onMissingTimestamp: 'arrival',
      earliestEventMs: Date.UTC(1900, 0, 1),
      partitionWarningThreshold: 5000,
    });
  });

  it.each([
    ['TIMESTAMP_FIELD', 'detail..time'],
    ['TIMESTAMP_FIELD', '.time'],
    ['TIMESTAMP_FIELD', 'time\\x'],
    ['TIMESTAMP_FORMAT', 'epoch_minutes'],
    ['TIMESTAMP_FORMAT', 'rfc2822'],
    ['PARTITION_GRANULARITY', 'week'],
    ['PARTITION_TIMEZONE', 'Mars/Olympus'],
    ['PARTITION_TIMEZONE', 'Europe/Pariss'],
    ['ON_MISSING_TIMESTAMP', 'now'],
    ['EARLIEST_EVENT_TIME', '1900-01-01'],
    ['EARLIEST_EVENT_TIME', '1900-01-01T00:00:00'],
    ['EARLIEST_EVENT_TIME', 'yesterday'],
    ['EARLIEST_EVENT_TIME', '0999-12-31T23:59:59Z'],
    ['EARLIEST_EVENT_TIME', '9999-12-31T23:59:59-01:00'],
    ['PARTITION_WARNING_THRESHOLD', '0'],
    ['PARTITION_WARNING_THRESHOLD', '5001'],
    ['PARTITION_WARNING_THRESHOLD', 'many'],
    ['PARTITION_WARNING_THRESHOLD', '1.5'],
  ])('rejects %s=%j naming the variable', (variable, value) => {
    // Prepare
    const env = { [variable]: value };

    // Act
    let caught: unknown;
    try {
      readPartitionConfig(env);
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as ConfigurationError).variable).toBe(variable);
    expect((caught as Error).message).toContain(variable);
    expect((caught as Error).message).toMatch(/expected .+/);
  });

  it('lists the accepted formats', () => {
    // Prepare
    const env = { TIMESTAMP_FORMAT: 'epoch_minutes' };

    // Act
    const act = () => readPartitionConfig(env);

    // Assess
    expect(act).toThrow(
      'expected one of auto, iso8601, epoch_s, epoch_ms, epoch_us, epoch_ns',
    );
  });
});
