import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '#shared/errors.js';
import { readReingestConfig } from '#shared/reingest/reingestConfig.js';
import { LOCAL_MARKER_KEY } from '#shared/reingest/reingestMarker.js';

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
      markerKey: LOCAL_MARKER_KEY,
      markerKeyIsLocal: true,
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
      markerKey: LOCAL_MARKER_KEY,
      markerKeyIsLocal: true,
    });
  });

  it('reads REINGEST_MARKER_KEY, and takes an unresolved dynamic reference for a local run', () => {
    // Prepare
    const key = 'a-generated-secret-of-forty-characters!!';
    const unresolved =
      '{{resolve:secretsmanager:local-ReingestMarkerKey:SecretString}}';

    // Act
    const deployed = readReingestConfig({ REINGEST_MARKER_KEY: key });
    const local = readReingestConfig({ REINGEST_MARKER_KEY: unresolved });

    // Assess
    expect(deployed.markerKey).toBe(key);
    expect(deployed.markerKeyIsLocal).toBe(false);
    expect(local.markerKey).toBe(LOCAL_MARKER_KEY);
    expect(local.markerKeyIsLocal).toBe(true);
  });

  it('refuses a short REINGEST_MARKER_KEY without printing it', () => {
    // Prepare
    const env = { REINGEST_MARKER_KEY: 'short-secret' };

    // Act
    const read = () => readReingestConfig(env);

    // Assess
    expect(read).toThrow('REINGEST_MARKER_KEY');
    expect(read).not.toThrow('short-secret');
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
