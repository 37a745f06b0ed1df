import { type Environment, readString } from '../config.js';
import { createLogger } from '../observability/logger.js';
import type { Observability } from '../pipeline/runBatch.js';

/**
 * Read `LOG_LEVEL` and `METRICS_NAMESPACE` (default `FirehoseProcessors`)
 * once at init and build the logger and metric settings of a function.
 *
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
    namespace: readString(env, 'METRICS_NAMESPACE', 'FirehoseProcessors'),
    functionName,
  };
}
