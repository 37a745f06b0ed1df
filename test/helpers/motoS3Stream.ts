import {
  CreateDeliveryStreamCommand,
  FirehoseClient,
} from '@aws-sdk/client-firehose';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import type { MotoServer } from './motoServer.js';

/** SDK client settings for a moto server (fake credentials). */
export function motoClientConfig(moto: MotoServer) {
  return {
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
}

/**
 * Create a bucket and a DirectPut delivery stream writing to it in moto;
 * returns an S3 client to read the objects back.
 */
export async function createS3DeliveryStream(
  moto: MotoServer,
  options: { bucket: string; stream: string; prefix: string; roleArn?: string },
): Promise<S3Client> {
  const config = motoClientConfig(moto);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: options.bucket }));
  await new FirehoseClient(config).send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: options.stream,
      DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: {
        RoleARN: options.roleArn ?? 'arn:aws:iam::123456789012:role/firehose',
        BucketARN: `arn:aws:s3:::${options.bucket}`,
        Prefix: options.prefix,
      },
    }),
  );
  return s3;
}

/** The text of every object under the prefix, in key order. */
export async function readObjects(
  s3: S3Client,
  bucket: string,
  prefix?: string,
): Promise<string[]> {
  const texts: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ContinuationToken: token,
      }),
    );
    for (const { Key } of page.Contents ?? []) {
      const object = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key }),
      );
      texts.push((await object.Body?.transformToString('utf8')) ?? '');
    }
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return texts;
}
