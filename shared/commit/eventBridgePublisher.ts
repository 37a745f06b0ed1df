/**
 * The {@link CommitPublisher} on EventBridge: one event per commit, source
 * `firehose-processors`, detail-type `Partition Committed`, the manifest
 * summary as detail.
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CommitEventError } from '../errors.js';
import { createSdkLoader } from '../senders/loadSdk.js';
import type { CommitPublisher } from './commitPartitions.js';

type EventBridgeSdk = typeof import('./eventBridgeSdk.js');

const loadEventBridgeSdk = createSdkLoader<EventBridgeSdk>(
  '../shared/commit/eventBridgeSdk.mjs',
  ['@aws-sdk', 'client-eventbridge'],
);

/** The event's `source` and `detail-type`. */
export const COMMIT_EVENT = {
  source: 'firehose-processors',
  detailType: 'Partition Committed',
} as const;

/**
 * Create a publisher to an event bus (name or ARN).
 *
 * @example
 * ```ts
 * const publish = createEventBridgePublisher('default');
 * await publish(manifestSummary(manifest, key));
 * ```
 */
export function createEventBridgePublisher(
  eventBusName: string,
): CommitPublisher {
  let client:
    | Promise<{ sdk: EventBridgeSdk; events: EventBridgeClient }>
    | undefined;
  return async function publish(summary) {
    client ??= loadEventBridgeSdk().then((sdk) => ({
      sdk,
      events: new sdk.EventBridgeClient({}),
    }));
    const { sdk, events } = await client;
    const answer = await events.send(
      new sdk.PutEventsCommand({
        Entries: [
          {
            EventBusName: eventBusName,
            Source: COMMIT_EVENT.source,
            DetailType: COMMIT_EVENT.detailType,
            Detail: JSON.stringify(summary),
          },
        ],
      }),
    );
    const entry = answer.Entries?.[0];
    if ((answer.FailedEntryCount ?? 0) > 0 || entry?.ErrorCode) {
      throw new CommitEventError(
        summary.prefix,
        `${entry?.ErrorCode ?? 'unknown'}: ${entry?.ErrorMessage ?? ''}`,
      );
    }
  };
}
