import { describe, expect, it } from 'vitest';
import { readCloudWatchLogsConfig } from '#shared/cloudwatch/cloudWatchLogsConfig.js';
import { ConfigurationError } from '#shared/errors.js';

describe('readCloudWatchLogsConfig', () => {
  it('keeps messages as strings and caps decompression at 16 MiB by default', () => {
    // Prepare
    const env = {};

    // Act
    const config = readCloudWatchLogsConfig(env);

    // Assess
    expect(config).toEqual({
      embedJsonMessage: false,
      maxDecompressedBytes: 16_777_216,
      maxOutputBytes: 33_554_432,
    });
  });

  it.each([
    ['EMBED_JSON_MESSAGE', 'maybe'],
    ['MAX_DECOMPRESSED_BYTES', '10'],
    ['MAX_DECOMPRESSED_BYTES', '1e6'],
    ['MAX_OUTPUT_BYTES', '1000'],
  ])('names %s=%s as invalid', (variable, value) => {
    // Prepare
    const env = { [variable]: value };

    // Act
    const read = () => readCloudWatchLogsConfig(env);

    // Assess
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(variable);
  });
});
