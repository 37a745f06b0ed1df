import { type Environment, readString } from '../config.js';
import { ConfigurationError } from '../errors.js';
import { createLogger } from '../observability/logger.js';
import type { Observability } from '../pipeline/runBatch.js';

/**
 * What CloudWatch accepts as a custom namespace: 1-255 characters of
 * letters, digits and `. - _ / # : space`, not starting with a space or a
 * colon, and not `AWS/…` (reserved for AWS services; the same rule as the
 * template's `MetricsNamespace` AllowedPattern).
 */
const NAMESPACE =
  /^(?![Aa][Ww][Ss]\/)[A-Za-z0-9._/#-][A-Za-z0-9 ._/#:-]{0,254}$/;

/**
 * Read `METRICS_NAMESPACE` (default `FirehoseProcessors`).
 *
 * @throws ConfigurationError for a reserved (`AWS/…`) or malformed namespace.
 * @example
 * ```ts
 * readMetricsNamespace({ METRICS_NAMESPACE: 'Pipelines/Orders' }); // 'Pipelines/Orders'
 * ```
 */
export function readMetricsNamespace(env: Environment): string {
  const namespace = readString(env, 'METRICS_NAMESPACE', 'FirehoseProcessors');
  if (!NAMESPACE.test(namespace)) {
    throw new ConfigurationError(
      'METRICS_NAMESPACE',
      namespace,
      'a CloudWatch namespace of 1-255 letters, digits and . - _ / # : (space) not starting with AWS/ (reserved for AWS services)',
    );
  }
  return namespace;
}

/**
 * Read `LOG_LEVEL` and `METRICS_NAMESPACE` (default `FirehoseProcessors`)
 * once at init and build the logger and metric settings of a function.
 *
 * @throws ConfigurationError for a bad level or a reserved namespace.
 * @example
 * ```ts
 * const observability = readObservability(process.env, 'transform');
 * ```
 */
export function readObservability(
  env: Environment,
  functionName: string,
): Observability {
  return {
    logger: createLogger(env, { function: functionName }),
    namespace: readMetricsNamespace(env),
    functionName,
  };
}
