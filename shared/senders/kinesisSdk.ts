/**
 * The parts of `@aws-sdk/client-kinesis` the Kinesis transport uses. Like
 * `firehoseSdk.ts`, a separate esbuild entry point of every function that
 * may re-ingest (see template.yaml), loaded only when a record is sent back
 * into a Kinesis Data Stream source.
 *
 * @example
 * ```ts
 * const { KinesisClient } = await import('./kinesisSdk.js');
 * ```
 */
export { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
// HTTP/1.1 (the Kinesis client defaults to HTTP/2, needed only for
// SubscribeToShard): as the Firehose client, and local endpoints such as
// moto_server speak only HTTP/1.1. A dependency of both SDK clients.
export { NodeHttpHandler } from '@smithy/node-http-handler';
