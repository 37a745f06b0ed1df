import { RecordError } from '#shared/errors.js';

/** The `reason` of the RecordError `fn` throws; undefined when it returns. */
export function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof RecordError ? error.reason : 'not-a-record-error';
  }
  return undefined;
}
