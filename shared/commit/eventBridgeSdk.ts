/**
 * The parts of `@aws-sdk/client-eventbridge` the commit publisher uses:
 * its own esbuild entry point of PartitionCommitFunction, loaded only when
 * commit events are enabled.
 *
 * @example
 * ```ts
 * const { EventBridgeClient } = await import('./eventBridgeSdk.js');
 * ```
 */
export {
  EventBridgeClient,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
