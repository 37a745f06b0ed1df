import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '#shared/errors.js';
import { readReingestConfig } from '#shared/reingest/reingestConfig.js';

describe('readReingestConfig', () => {
  it('re-ingests by default, 6 attempts, 3 s margin', () => {
    // Prepare
    const env = {};

    // Act
    const config = readReingestConfig(env);

    // Assess
    expect(config).toEqual({
      enabled: true,
      maxAttempts: 6,
      safetyMarginMs: 3_000,
    });
  });

  it('reads REINGEST=false and the limits', () => {
    // Prepare
    const env = {
      REINGEST: 'false',
      REINGEST_MAX_ATTEMPTS: '3',
      REINGEST_SAFETY_MARGIN: '500ms',
    };

    // Act
    const config = readReingestConfig(env);

    // Assess
    expect(config).toEqual({
      enabled: false,
      maxAttempts: 3,
      safetyMarginMs: 500,
    });
  });

  it.each([
    ['REINGEST', 'sometimes'],
    ['REINGEST_MAX_ATTEMPTS', '0'],
    ['REINGEST_SAFETY_MARGIN', 'soon'],
  ])('names %s when its value is invalid', (variable, value) => {
    // Prepare
    const env = { [variable]: value };

    // Act
    const read = () => readReingestConfig(env);

    // Assess
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(variable);
  });
});
