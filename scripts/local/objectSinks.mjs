// Where the local Firehose writes objects: a folder standing for the
// bucket (keys become paths), or a real S3 API such as moto_server.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Marks a folder as written by the local Firehose (safe to empty on the next run). */
export const RUN_MARKER = '.local-firehose.json';

/** Raised when the output folder holds files the local Firehose did not write. */
export class OutputFolderError extends Error {
  constructor(message) {
    super(message);
    this.name = 'OutputFolderError';
  }
}

/**
 * A folder as the bucket. A folder left by a previous run (it holds
 * RUN_MARKER) is emptied first; a non-empty folder without it is refused,
 * so that a mistyped --out never deletes someone's files.
 *
 * @example
 *   const sink = createFolderSink('./out');
 *   await sink.put('events/year=2026/x', Buffer.from('{}\n'));
 */
export function createFolderSink(folder) {
  const root = resolve(folder);
  if (existsSync(root)) {
    const entries = readdirSync(root);
    if (entries.length > 0 && !entries.includes(RUN_MARKER)) {
      throw new OutputFolderError(
        `${folder} is not empty and was not written by npm start: choose another --out`,
      );
    }
    for (const entry of entries)
      rmSync(join(root, entry), { recursive: true, force: true });
  }
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, RUN_MARKER), '{}\n');
  return {
    label: folderLabel(root),
    describe: () => root,
    async put(key, body) {
      const path = join(root, key);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, body);
    },
    /** Keep the run's report beside the objects. */
    finish(report) {
      writeFileSync(
        join(root, RUN_MARKER),
        `${JSON.stringify(report, null, 2)}\n`,
      );
    },
  };
}

/**
 * A bucket of an S3 API (e.g. moto_server), created when missing.
 *
 * @example
 *   const sink = await createS3Sink({ endpoint: 'http://127.0.0.1:5000', bucket: 'local-databucket', region: 'us-east-1' });
 */
export async function createS3Sink({ endpoint, bucket, region }) {
  const { S3Client, CreateBucketCommand, HeadBucketCommand, PutObjectCommand } =
    await import('@aws-sdk/client-s3');
  const client = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    // The usual SDK sources when set; a local S3 API accepts any key.
    credentials:
      process.env.AWS_ACCESS_KEY_ID === undefined
        ? { accessKeyId: 'local', secretAccessKey: 'local' }
        : undefined,
  });
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await client.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region } }),
      }),
    );
  }
  return {
    label: `s3://${bucket}`,
    describe: () => `s3://${bucket} (${endpoint})`,
    async put(key, body) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }),
      );
    },
    finish() {
      client.destroy();
    },
  };
}

/** `./out` inside the working directory, the absolute path elsewhere. */
function folderLabel(root) {
  const path = relative(process.cwd(), root);
  if (path === '') return '.';
  return path.startsWith('..') ? root : `./${path}`;
}
