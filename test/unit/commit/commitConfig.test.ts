import { describe, expect, it } from 'vitest';
import { readCommitConfig } from '../../../shared/commit/commitConfig.js';
import { ConfigurationError } from '../../../shared/errors.js';

const base = {
  DATA_BUCKET: 'bucket',
  EVENTS_PREFIX: 'events/hour=!{partitionKeyFromLambda:hour}/',
  DELIVERY_STREAM_NAME: 'stream',
};

describe('readCommitConfig', () => {
  it('reads the defaults', () => {
    // Act
    const config = readCommitConfig(base);

    // Assess
    expect(config).toMatchObject({
      bucket: 'bucket',
      deliveryStreamName: 'stream',
      granularity: 'hour',
      timeZone: 'UTC',
      allowedLatenessMs: 3_600_000,
      lookbackMs: 2 * 86_400_000,
      publicationDelayMs: 300_000,
      idleAfterMs: 900_000,
      eventBusName: '',
    });
    expect(config.prefix.keys).toEqual(['hour']);
  });

  it('turns the idle rule off', () => {
    // Act / Assess
    expect(
      readCommitConfig({ ...base, IDLE_STREAM_AFTER: 'off' }).idleAfterMs,
    ).toBeUndefined();
  });

  it.each([
    ['DATA_BUCKET', ''],
    ['DELIVERY_STREAM_NAME', ''],
    ['EVENTS_PREFIX', 'events/!{timestamp:yyyy}/'],
    ['COMMIT_LOOKBACK', '0'],
    ['COMMIT_LOOKBACK', '16d'],
    ['IDLE_STREAM_AFTER', '30s'],
    ['ALLOWED_LATENESS', 'soon'],
  ])('fails naming %s=%s', (variable, value) => {
    // Act
    const read = () => readCommitConfig({ ...base, [variable]: value });

    // Assess
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(variable);
  });
});
