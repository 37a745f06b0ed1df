import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '#shared/errors.js';
import {
  readMetricsNamespace,
  readObservability,
} from '#shared/handler/observabilityConfig.js';

describe('readMetricsNamespace', () => {
  it.each([
    [{}, 'FirehoseProcessors'],
    [{ METRICS_NAMESPACE: '' }, 'FirehoseProcessors'],
    [{ METRICS_NAMESPACE: 'Pipelines/Orders' }, 'Pipelines/Orders'],
    [{ METRICS_NAMESPACE: 'AWSome/x' }, 'AWSome/x'],
    [{ METRICS_NAMESPACE: 'team:data #1' }, 'team:data #1'],
  ])('reads %j as %j', (env, expected) => {
    // Act
    const namespace = readMetricsNamespace(env);

    // Assess
    expect(namespace).toBe(expected);
  });

  it.each(['AWS/Lambda', 'aws/Firehose', 'Aws/x', ':x', 'a'.repeat(256), 'é'])(
    'rejects %j naming the variable',
    (value) => {
      // Prepare
      const env = { METRICS_NAMESPACE: value };

      // Act
      const read = () => readMetricsNamespace(env);

      // Assess
      expect(read).toThrow(ConfigurationError);
      expect(read).toThrow(/METRICS_NAMESPACE=.*not starting with AWS\//);
    },
  );

  it('fails readObservability at init for a reserved namespace', () => {
    // Prepare
    const env = { METRICS_NAMESPACE: 'AWS/Firehose' };

    // Act
    const read = () => readObservability(env, 'transform');

    // Assess
    expect(read).toThrow(ConfigurationError);
  });
});
