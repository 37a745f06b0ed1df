import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FirehoseTransformationResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BuildError,
  buildFunction,
  distRoot,
} from '../../scripts/lib/build.ts';
import {
  describeFunction,
  projectRoot,
  readTemplate,
} from '../../scripts/lib/template.ts';
import {
  type CliRun,
  invokeCli as runInvokeCli,
} from '../helpers/invokeCli.js';
import { readObjects } from '../helpers/localObjects.js';

/** `node local/invoke.ts …` with no AWS endpoint configured. */
function invokeCli(
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  return runInvokeCli(args, { AWS_REGION: 'us-east-1', ...extraEnv });
}

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'invoke-streams-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  for (const id of ['OtherTemplateFunction', 'HandlerAdviceFunction']) {
    rmSync(join(distRoot, id), { recursive: true, force: true });
    rmSync(join(distRoot, `${id}.meta.json`), { force: true });
  }
});

describe('npm run invoke with a fallback stream of the template', () => {
  it('serves the stream locally and says where the routed records went', async () => {
    // Prepare
    const out = join(scratch, 'routed');

    // Act
    const run = await invokeCli([
      'EventTimePartitionFunction',
      'events/partition.json',
      '--env-vars',
      'events/env.json',
      '--out',
      out,
    ]);

    // Assess
    expect(run.code).toBe(0);
    const response = JSON.parse(run.stdout) as FirehoseTransformationResult;
    // Records 15 (late) and 16 (early) go to the fallback stream.
    expect(response.records.slice(14).map((r) => r.result)).toEqual([
      'Dropped',
      'Dropped',
    ]);
    expect(run.stderr).not.toContain('fallback-failed');
    expect(run.stderr).toContain(
      'routed: 2 records sent to LateEventStream (local-LateEventStream) by the local Firehose',
    );
    // LateEventStream files each envelope under its own event-time hour:
    // the late and the early record belong to different hours.
    const late = readObjects(out).filter((o) => o.key.startsWith('late/'));
    expect(late).toHaveLength(2);
    for (const object of late)
      expect(object.key).toMatch(
        /^late\/year=\d{4}\/month=\d\d\/day=\d\d\/hour=\d\d\//,
      );
  });

  it('leaves an endpoint the user configured alone', async () => {
    // Act: nothing listens on port 9.
    const run = await invokeCli(
      [
        'EventTimePartitionFunction',
        'events/partition.json',
        '--env-vars',
        'events/env.json',
        '--out',
        join(scratch, 'not-used'),
      ],
      {
        AWS_ENDPOINT_URL_FIREHOSE: 'http://127.0.0.1:9',
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
    );

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('routed:');
    expect(existsSync(join(scratch, 'not-used'))).toBe(false);
  });
});

describe('npm run invoke --template', () => {
  it('builds the function from that template, not template.yaml', async () => {
    // Prepare: a function that only the other template has.
    const other = join(scratch, 'other.yaml');
    writeFileSync(
      other,
      readFileSync(join(projectRoot, 'template.yaml'), 'utf8').replaceAll(
        'TransformFunction',
        'OtherTemplateFunction',
      ),
    );

    // Act
    const run = await invokeCli([
      'OtherTemplateFunction',
      'events/transform.json',
      '--template',
      other,
      '--parameter-overrides',
      'RecordSchema=order',
    ]);

    // Assess
    expect(run.stderr).toContain('built OtherTemplateFunction');
    expect(run.code).toBe(0);
    expect(existsSync(join(distRoot, 'OtherTemplateFunction'))).toBe(true);
  });
});

describe('buildFunction', () => {
  it('tells the Handler to use when several entry points keep their folders', async () => {
    // Prepare: the README's own-handler case, Handler without its folder.
    const base = describeFunction(readTemplate(), 'TransformFunction');
    const fn = {
      ...base,
      logicalId: 'HandlerAdviceFunction',
      handler: 'redactPii.handler',
      handlerFile: 'redactPii',
      buildProperties: {
        ...base.buildProperties,
        EntryPoints: ['examples/redactPii.ts', 'functions/transform.ts'],
      },
    };

    // Act
    const error = await buildFunction(fn).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    // Assess
    expect(error).toBeInstanceOf(BuildError);
    expect((error as Error).message).toContain(
      'set Handler: examples/redactPii.handler',
    );
    expect((error as Error).message).not.toContain('flattened');
  });
});
