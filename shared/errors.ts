/**
 * One error hierarchy for the whole project.
 *
 * Batch-wide faults (a malformed event, bad configuration) are thrown from the
 * handler so that Firehose retries the invocation. Per-record faults carry a
 * short machine-readable `reason` and become `ProcessingFailed` answers.
 */

/**
 * Base class of every error this project throws.
 *
 * @example
 * ```ts
 * if (err instanceof FirehoseProcessorError) logger.error(err.message);
 * ```
 */
export class FirehoseProcessorError extends Error {
  // A literal, not `new.target.name`: bundles are minified and SAM's esbuild
  // options cannot keep class names, so the logs would say `k`.
  override name = 'FirehoseProcessorError';
}

/**
 * A configuration value (environment variable) is missing or invalid.
 * Thrown once at init, naming the variable and the accepted values.
 *
 * @example
 * ```ts
 * throw new ConfigurationError('PARTITION_TIMEZONE', 'Mars/Olympus', 'an IANA time zone such as UTC or Europe/Paris');
 * ```
 */
export class ConfigurationError extends FirehoseProcessorError {
  override name = 'ConfigurationError';
  readonly variable: string;

  constructor(variable: string, value: string, accepted: string) {
    super(
      `Invalid configuration: ${variable}=${JSON.stringify(value)}; expected ${accepted}`,
    );
    this.variable = variable;
  }
}

/**
 * The invocation event is not a Firehose transformation event. The whole
 * batch fails; Firehose retries it and finally writes it to the error prefix.
 *
 * @example
 * ```ts
 * throw new MalformedEventError('records[3].recordId is not a string');
 * ```
 */
export class MalformedEventError extends FirehoseProcessorError {
  override name = 'MalformedEventError';
  constructor(detail: string) {
    super(`Malformed Firehose transformation event: ${detail}`);
  }
}

/**
 * A single record cannot be processed. The record is answered
 * `ProcessingFailed` (or `Dropped` where a policy says so); its neighbours
 * are not affected.
 *
 * It carries no stack trace: it always becomes an answer (reason and
 * detail), never a logged stack, and capturing one costs ~20-40 µs, which
 * for a 6 MB request of 100k tiny invalid records was seconds.
 *
 * @example
 * ```ts
 * throw new RecordError('invalid-json', 'line 2: Unexpected token');
 * ```
 */
export class RecordError extends FirehoseProcessorError {
  override name = 'RecordError';
  readonly reason: string;
  /** Why, without the record's content. */
  readonly detail: string;

  constructor(reason: string, detail: string, options?: ErrorOptions) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(`${reason}: ${detail}`, options);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.reason = reason;
    this.detail = detail;
  }
}

/**
 * PartitionCommitFunction was invoked with something other than an
 * EventBridge scheduled event with an ISO-8601 `time`.
 *
 * @example
 * ```ts
 * throw new ScheduleEventError('time is missing');
 * ```
 */
export class ScheduleEventError extends FirehoseProcessorError {
  override name = 'ScheduleEventError';
  constructor(detail: string) {
    super(`Not an EventBridge scheduled event: ${detail}`);
  }
}

/**
 * A partition was committed but its `Partition Committed` event could not
 * be published (the commit stands; the event is not sent again).
 *
 * @example
 * ```ts
 * throw new CommitEventError('events/year=2026/…/', 'ThrottlingException: …');
 * ```
 */
export class CommitEventError extends FirehoseProcessorError {
  override name = 'CommitEventError';
  readonly prefix: string;
  constructor(prefix: string, detail: string, options?: ErrorOptions) {
    super(`Partition Committed event for ${prefix} failed: ${detail}`, options);
    this.prefix = prefix;
  }
}
