import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalFirehose } from '../../local/localFirehose.ts';
import { generateSampleRecords } from '../../local/sampleRecords.ts';
import { type MotoServer, startMotoServer } from '../helpers/motoServer.js';

let moto: MotoServer;

beforeAll(async () => {
  moto = await startMotoServer();
});

afterAll(async () => {
  await moto?.stop();
});

describe('npm start --s3-endpoint', () => {
  it('delivers the objects to an S3 API, bucket created from the template', async () => {
    // Prepare
    const records = generateSampleRecords({
      count: 400,
      seed: 'moto',
      late: 0.05,
      invalid: 0.05,
    });
    const s3 = new S3Client({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });

    // Act
    const report = await runLocalFirehose({
      stream: 'EventStream',
      s3Endpoint: moto.endpoint,
      records: records.map((r) => ({
        data: Buffer.from(r.text),
        arrivalMs: r.arrivalMs,
      })),
    });

    // Assess
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: 'local-databucket' }),
    );
    const keys = (listed.Contents ?? []).map((o) => o.Key ?? '');
    const written = report.streams.flatMap((s) =>
      [...s.keys, ...s.manifests].map((k) => k.key),
    );
    expect([...keys].sort()).toEqual([...written].sort());
    // The manifests' ETags are the ones S3 gives the objects.
    const manifestKey = keys.find((k) => k.endsWith('/_SUCCESS')) ?? '';
    const manifest = JSON.parse(
      (await (
        await s3.send(
          new GetObjectCommand({
            Bucket: 'local-databucket',
            Key: manifestKey,
          }),
        )
      ).Body?.transformToString()) ?? '',
    ) as { objects: { key: string; etag: string; size: number }[] };
    const listedByKey = new Map(
      (listed.Contents ?? []).map((o) => [o.Key, o] as const),
    );
    for (const object of manifest.objects) {
      expect(listedByKey.get(object.key)?.ETag).toBe(object.etag);
      expect(listedByKey.get(object.key)?.Size).toBe(object.size);
    }
    expect(keys.some((k) => k.startsWith('events/year=2026/'))).toBe(true);
    expect(
      keys.some((k) => k.startsWith('late/year=2026/month=03/day=01/')),
    ).toBe(true);
    expect(
      keys.some((k) => k.startsWith('errors/events/processing-failed/')),
    ).toBe(true);
    let lines = 0;
    for (const key of keys.filter((k) => !k.endsWith('/_SUCCESS'))) {
      const object = await s3.send(
        new GetObjectCommand({ Bucket: 'local-databucket', Key: key }),
      );
      const text = (await object.Body?.transformToString()) ?? '';
      lines += text.split('\n').filter((line) => line !== '').length;
    }
    expect(lines).toBe(400);
    expect(report.output).toBe(`s3://local-databucket (${moto.endpoint})`);
    s3.destroy();
  });
});
