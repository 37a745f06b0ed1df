/**
 * The {@link PartitionStore} on S3: ListObjectsV2 under a partition's
 * prefix, and the manifest written with a conditional PutObject
 * (`If-None-Match: *`), so that of two concurrent runs exactly one writes
 * and a committed manifest is never rewritten.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { createSdkLoader } from '../senders/loadSdk.js';
import type { PartitionStore } from './commitPartitions.js';
import { isHiddenKey, type PartitionObject, SUCCESS_FILE } from './manifest.js';

type S3Sdk = typeof import('./commitSdk.js');

const loadS3Sdk = createSdkLoader<S3Sdk>('../shared/commit/commitSdk.mjs', [
  '@aws-sdk',
  'client-s3',
]);

/**
 * Create the S3 store of one bucket. The SDK and its client are loaded on
 * first use and reused.
 *
 * @example
 * ```ts
 * const store = createS3PartitionStore('my-bucket');
 * await store.list('events/year=2026/month=03/day=01/hour=10/');
 * ```
 */
export function createS3PartitionStore(bucket: string): PartitionStore {
  let client: Promise<{ sdk: S3Sdk; s3: S3Client }> | undefined;
  function connect() {
    client ??= loadS3Sdk().then((sdk) => ({ sdk, s3: new sdk.S3Client({}) }));
    return client;
  }

  async function listKeys(prefix: string) {
    const { sdk, s3 } = await connect();
    const items: { key: string; size: number; etag: string }[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new sdk.ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ContinuationToken: token,
        }),
      );
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        items.push({
          key: item.Key,
          size: item.Size ?? 0,
          etag: item.ETag ?? '',
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return items;
  }

  async function list(prefix: string) {
    const items = await listKeys(prefix);
    const marker = `${prefix}${SUCCESS_FILE}`;
    const objects: PartitionObject[] = items.filter(
      (item) => !isHiddenKey(item.key),
    );
    return { objects, committed: items.some((item) => item.key === marker) };
  }

  async function putIfAbsent(key: string, body: string) {
    const { sdk, s3 } = await connect();
    const put = (conditional: boolean) =>
      s3.send(
        new sdk.PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json',
          IfNoneMatch: conditional ? '*' : undefined,
        }),
      );
    try {
      await put(true);
      return 'written' as const;
    } catch (error) {
      const status = httpStatus(error);
      // 412: the key exists. 409: another conditional write of it is in
      // flight; that writer commits (or the next run does).
      if (status === 412 || status === 409) return 'exists' as const;
      if (status !== 501) throw error;
    }
    // A store without conditional writes: check, then write. Two runs
    // racing here may both write; their manifests differ only in
    // committedAt and watermark, and list the same objects.
    const existing = await listKeys(key);
    if (existing.some((item) => item.key === key)) return 'exists';
    await put(false);
    return 'written';
  }

  return { list, putIfAbsent };
}

function httpStatus(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } })
    ?.$metadata;
  const status = metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}
