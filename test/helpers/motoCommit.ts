import {
  CloudWatchClient,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { motoClientConfig } from './motoS3Stream.js';
import type { MotoServer } from './motoServer.js';

/** An S3 client on moto (path style) with a fresh bucket. */
export async function createBucket(
  moto: MotoServer,
  bucket: string,
): Promise<S3Client> {
  const s3 = new S3Client({ ...motoClientConfig(moto), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return s3;
}

/** Put objects (key → text) into a bucket. */
export async function putObjects(
  s3: S3Client,
  bucket: string,
  objects: Readonly<Record<string, string>>,
): Promise<void> {
  for (const [key, body] of Object.entries(objects)) {
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }),
    );
  }
}

/** Every key of the bucket, sorted. */
export async function listKeys(
  s3: S3Client,
  bucket: string,
): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
    );
    for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys.sort();
}

/** An object's text and ETag. */
export async function readObject(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<{ text: string; etag: string }> {
  const object = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key }),
  );
  return {
    text: (await object.Body?.transformToString('utf8')) ?? '',
    etag: object.ETag ?? '',
  };
}

/**
 * Put `DeliveryToS3.DataFreshness` datapoints (AWS/Firehose, one stream)
 * into moto's CloudWatch: one per minute from `fromIso` (inclusive) to
 * `toIso` (exclusive), each `ageSeconds` old. (Real CloudWatch refuses
 * PutMetricData in an `AWS/` namespace; moto takes it, which is what lets
 * the real GetMetricData path be tested.)
 */
export async function putFreshness(
  moto: MotoServer,
  stream: string,
  fromIso: string,
  toIso: string,
  ageSeconds: number,
): Promise<number> {
  // moto 5.2.1 fails on the SDK's gzip request compression (large bodies).
  const cloudWatch = new CloudWatchClient({
    ...motoClientConfig(moto),
    disableRequestCompression: true,
  });
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  const data = [];
  for (let t = from; t < to; t += 60_000) {
    data.push({
      MetricName: 'DeliveryToS3.DataFreshness',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: stream }],
      // Mid-period: GetMetricData files it under the period's start.
      Timestamp: new Date(t + 30_000),
      Value: ageSeconds,
      Unit: 'Seconds' as const,
    });
  }
  for (let i = 0; i < data.length; i += 500) {
    await cloudWatch.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/Firehose',
        MetricData: data.slice(i, i + 500),
      }),
    );
  }
  return data.length;
}
