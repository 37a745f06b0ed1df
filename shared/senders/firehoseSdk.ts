/**
 * The parts of `@aws-sdk/client-firehose` the transport uses. This file is
 * a second esbuild entry point of every function that may send records
 * (see template.yaml), so the SDK lands in its own file next to the
 * handler's bundle and is loaded only when a record has to be sent: an
 * invocation without late records never parses or evaluates it.
 *
 * @example
 * ```ts
 * const { FirehoseClient } = await import('./firehoseSdk.js');
 * ```
 */
export {
  FirehoseClient,
  PutRecordBatchCommand,
} from '@aws-sdk/client-firehose';
