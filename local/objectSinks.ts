// Where the local Firehose writes objects: a folder standing for the
// bucket (keys become paths), or a real S3 API such as moto_server.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Where objects are written: a folder or an S3 bucket. */
export interface ObjectSink {
  /** Short name for the summary, e.g. `./out` or `s3://bucket`. */
  label: string;
  describe(): string;
  put(key: string, body: Buffer): Promise<void>;
  /** Called once at the end with the run's report. */
  finish(report: object): void;
}

/** Marks a folder as written by the local Firehose (safe to empty on the next run). */
export const RUN_MARKER = '.local-firehose.json';

/** Raised when the output folder holds files the local Firehose did not write. */
export class OutputFolderError extends Error {
  constructor(message: string) {
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
export function createFolderSink(folder: string): ObjectSink {
  const root = resolve(folder);
  if (existsSync(root)) {
    if (!statSync(root).isDirectory()) {
      throw new OutputFolderError(
        `--out ${folder} is a file, not a folder: choose a folder for the objects`,
      );
    }
    const entries = readdirSync(root);
    if (entries.length > 0 && !entries.includes(RUN_MARKER)) {
      throw new OutputFolderError(
        `${folder} is not empty and was not written by npm start: choose another --out`,
      );
    }
    for (const entry of entries)
      rmSync(join(root, entry), { recursive: true, force: true });
  }
  try {
    mkdirSync(root, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTDIR' && code !== 'EEXIST') throw error;
    throw new OutputFolderError(
      `--out ${folder}: a part of the path is a file, not a folder`,
    );
  }
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
export async function createS3Sink({
  endpoint,
  bucket,
  region,
}: {
  endpoint: string;
  bucket: string;
  region: string;
}): Promise<ObjectSink> {
  const { S3Client, CreateBucketCommand, HeadBucketCommand, PutObjectCommand } =
    await import('@aws-sdk/client-s3');
  type Location = NonNullable<
    ConstructorParameters<
      typeof CreateBucketCommand
    >[0]['CreateBucketConfiguration']
  >['LocationConstraint'];
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
          : {
              CreateBucketConfiguration: {
                LocationConstraint: region as Location,
              },
            }),
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
function folderLabel(root: string): string {
  const path = relative(process.cwd(), root);
  if (path === '') return '.';
  return path.startsWith('..') ? root : `./${path}`;
}
