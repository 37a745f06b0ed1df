import type middy from '@middy/core';
import type { Logger } from '../observability/logger.js';

/** Options of {@link logBatchErrors}. */
export interface LogBatchErrorsOptions {
  readonly logger: Logger;
}

/**
 * Middy middleware: a batch-wide fault (malformed event, a bug) is logged as
 * one structured line with the error's name and message, then rethrown so
 * that Firehose retries the invocation and finally keeps the batch in the
 * error prefix. Per-record problems never reach this.
 *
 * @example
 * ```ts
 * export const handler = middy().use(logBatchErrors({ logger })).handler(run);
 * ```
 */
export function logBatchErrors(
  options: LogBatchErrorsOptions,
): middy.MiddlewareObj<unknown, unknown, Error> {
  return {
    onError: function logBatchError(request) {
      const error = request.error;
      options.logger.log('error', 'batch failed', {
        error: error?.name ?? 'Error',
        detail: error?.message ?? String(error),
      });
    },
  };
}
