import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FirehoseTransformationResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLambdaRunner,
  invokeBundle,
  LambdaInvokeError,
} from '../../local/lambda/lambdaRunner.ts';
import { prepareFunction } from '../../local/lambda/localInvoke.ts';
import {
  type CliRun,
  OFFLINE_AWS_ENV,
  invokeCli as runInvokeCli,
} from '../helpers/invokeCli.js';

const SCHEMA_INVALID_RECORD = 3; // events/transform.json, record 4

/** `node local/invoke.ts …` with an environment that cannot reach AWS. */
const invokeCli = (args: string[]) => runInvokeCli(args, OFFLINE_AWS_ENV);

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'invoke-test-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function writeScratch(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

/** The error a promise rejects with; undefined when it resolves. */
function failureOf(promise: Promise<unknown>): Promise<Error | undefined> {
  return promise.then(
    () => undefined,
    (error: Error) => error,
  );
}

function resultOf(run: CliRun, index: number): string | undefined {
  const response = JSON.parse(run.stdout) as FirehoseTransformationResult;
  return response.records[index]?.result;
}

describe('npm run invoke', () => {
  it('prints only the JSON response on stdout and the logs on stderr', async () => {
    // Prepare
    const args = [
      'TransformFunction',
      'events/transform.json',
      '--env-vars',
      'events/env.json',
    ];

    // Act
    const run = await invokeCli(args);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const response = JSON.parse(run.stdout) as FirehoseTransformationResult;
    expect(response.records).toHaveLength(8);
    expect(run.stderr).toContain('"message":"invocation summary"');
    expect(run.stderr).toMatch(/^REPORT RequestId: /m);
  });

  it('decodes each record with --decode, keeping big integers exact', async () => {
    // Prepare
    const args = [
      'TransformFunction',
      'events/transform.json',
      '--env-vars',
      'events/env.json',
      '--decode',
    ];

    // Act
    const run = await invokeCli(args);

    // Assess
    expect(run.code).toBe(0);
    const decoded = JSON.parse(run.stdout) as {
      records: {
        result: string;
        jsonLines?: unknown[];
        text?: string;
        base64?: string;
      }[];
    };
    expect(decoded.records[0]?.jsonLines?.[0]).toMatchObject({
      orderId: 'o-1001',
    });
    expect(decoded.records[2]?.jsonLines).toHaveLength(3);
    expect(decoded.records[4]?.text).toBe(
      'orderId=o-1007&amount=12.00&currency=EUR',
    );
    // Not base64: answered with "" (every data of a response is base64).
    expect(decoded.records[5]).toMatchObject({
      result: 'ProcessingFailed',
      text: '',
    });
    expect(run.stdout).toContain('"loyaltyAccount": 12345678901234567890123');
  });

  it('fails with the list of functions for an unknown logical id', async () => {
    // Prepare
    const args = ['NoSuchFunction', 'events/transform.json'];

    // Act
    const run = await invokeCli(args);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('no function NoSuchFunction');
    expect(run.stderr).toContain('TransformFunction');
  });

  it('exits 2 with the usage text when arguments are missing', async () => {
    // Prepare
    const args = ['TransformFunction'];

    // Act
    const run = await invokeCli(args);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: npm run invoke');
  });

  it('exits non-zero with MalformedEventError when the event is not a Firehose event', async () => {
    // Prepare
    const eventFile = writeScratch('malformed.json', '{"records": "x"}');

    // Act
    const run = await invokeCli(['TransformFunction', eventFile]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('MalformedEventError');
    expect(run.stderr).toContain('"records" must be an array');
  });

  it('rejects a parameter override outside the AllowedValues', async () => {
    // Prepare
    const args = [
      'TransformFunction',
      'events/transform.json',
      '--parameter-overrides',
      'OnInvalid=explode',
    ];

    // Act
    const run = await invokeCli(args);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('OnInvalid');
  });
});

describe('environment precedence', () => {
  const base = ['TransformFunction', 'events/transform.json'];

  it('uses the template default when nothing overrides it (no schema)', async () => {
    // Prepare
    const args = base;

    // Act
    const run = await invokeCli(args);

    // Assess
    expect(run.code).toBe(0);
    expect(resultOf(run, SCHEMA_INVALID_RECORD)).toBe('Ok');
  });

  it('applies --parameter-overrides to the template', async () => {
    // Prepare
    const args = [...base, '--parameter-overrides', 'RecordSchema=order'];

    // Act
    const run = await invokeCli(args);

    // Assess
    expect(resultOf(run, SCHEMA_INVALID_RECORD)).toBe('ProcessingFailed');
  });

  it('lets --env-vars Parameters override the template', async () => {
    // Prepare
    const envVars = writeScratch(
      'params.json',
      JSON.stringify({ Parameters: { RECORD_SCHEMA: 'order' } }),
    );

    // Act
    const run = await invokeCli([...base, '--env-vars', envVars]);

    // Assess
    expect(resultOf(run, SCHEMA_INVALID_RECORD)).toBe('ProcessingFailed');
  });

  it('lets the function section win over Parameters', async () => {
    // Prepare
    const envVars = writeScratch(
      'function.json',
      JSON.stringify({
        Parameters: { RECORD_SCHEMA: 'order', ON_INVALID: 'fail' },
        TransformFunction: { ON_INVALID: 'drop' },
      }),
    );

    // Act
    const run = await invokeCli([...base, '--env-vars', envVars]);

    // Assess
    expect(resultOf(run, SCHEMA_INVALID_RECORD)).toBe('Dropped');
  });

  it('lets --env-vars win over --parameter-overrides', async () => {
    // Prepare
    const envVars = writeScratch(
      'clear.json',
      JSON.stringify({ TransformFunction: { RECORD_SCHEMA: '' } }),
    );

    // Act
    const run = await invokeCli([
      ...base,
      '--env-vars',
      envVars,
      '--parameter-overrides',
      'RecordSchema=order',
    ]);

    // Assess
    expect(resultOf(run, SCHEMA_INVALID_RECORD)).toBe('Ok');
  });

  it('ignores variables the template does not declare, like SAM', () => {
    // Prepare
    const envVars = {
      Parameters: { NOT_DECLARED: 'x', LOG_LEVEL: 'debug' },
      TransformFunction: { ALSO_NOT_DECLARED: 'y' },
    };

    // Act
    const prepared = prepareFunction({
      logicalId: 'TransformFunction',
      envVars,
    });

    // Assess
    expect(prepared.environment).not.toHaveProperty('NOT_DECLARED');
    expect(prepared.environment).not.toHaveProperty('ALSO_NOT_DECLARED');
    expect(prepared.environment.LOG_LEVEL).toBe('debug');
    expect(prepared.ignoredEnvVars.sort()).toEqual([
      'ALSO_NOT_DECLARED',
      'NOT_DECLARED',
    ]);
  });
});

describe('createLambdaRunner', () => {
  let bundle: string;
  const logs: string[] = [];

  beforeAll(() => {
    const dir = join(scratch, 'FixtureFunction');
    mkdirSync(dir, { recursive: true });
    bundle = join(dir, 'fixture.mjs');
    writeFileSync(
      bundle,
      `let invocations = 0;
export const handler = async (event, context) => {
  invocations += 1;
  console.log('log line from the handler');
  if (event.mode === 'throw') throw new TypeError('boom');
  if (event.mode === 'hang') await new Promise(() => setInterval(() => {}, 1000));
  if (event.mode === 'exit') process.exit(3);
  return {
    invocations,
    requestId: context.awsRequestId,
    functionName: context.functionName,
    memory: context.memoryLimitInMB,
    arn: context.invokedFunctionArn,
    logGroup: context.logGroupName,
    remaining: context.getRemainingTimeInMillis(),
    waits: context.callbackWaitsForEmptyEventLoop,
    env: {
      name: process.env.AWS_LAMBDA_FUNCTION_NAME,
      memory: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      region: process.env.AWS_REGION,
      custom: process.env.CUSTOM,
      endpoint: process.env.AWS_ENDPOINT_URL,
      leaked: process.env.NOT_AN_AWS_VARIABLE,
    },
  };
};
`,
    );
  });

  const options = () => ({
    bundlePath: bundle,
    handlerName: 'handler',
    env: { CUSTOM: 'yes' },
    timeoutMs: 2_000,
    memoryMb: 256,
    logSink: (chunk: Buffer) => logs.push(chunk.toString('utf8')),
    callerEnv: {
      PATH: process.env.PATH,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      NOT_AN_AWS_VARIABLE: 'secret',
    },
  });

  it('gives the handler a Lambda-like context and environment', async () => {
    // Prepare
    const event = { mode: 'ok' };

    // Act
    const response = (await invokeBundle({
      ...options(),
      event,
      requestId: 'req-1',
    })) as Record<string, unknown>;

    // Assess
    expect(response).toMatchObject({
      invocations: 1,
      requestId: 'req-1',
      functionName: 'FixtureFunction',
      memory: '256',
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:FixtureFunction',
      logGroup: '/aws/lambda/FixtureFunction',
      waits: true,
      env: {
        name: 'FixtureFunction',
        memory: '256',
        region: 'us-east-1',
        custom: 'yes',
        endpoint: 'http://127.0.0.1:9',
      },
    });
    expect(response.remaining).toBeGreaterThan(0);
    expect(response.remaining).toBeLessThanOrEqual(2_000);
    expect((response.env as Record<string, unknown>).leaked).toBe(undefined);
    expect(logs.join('')).toContain('log line from the handler');
  });

  it('keeps the instance warm between invocations', async () => {
    // Prepare
    const runner = createLambdaRunner(options());

    // Act
    const first = (await runner.invoke({})) as { invocations: number };
    const second = (await runner.invoke({})) as { invocations: number };
    await runner.close();

    // Assess
    expect([first.invocations, second.invocations]).toEqual([1, 2]);
  });

  it('reports a thrown error with its name and message', async () => {
    // Prepare
    const runner = createLambdaRunner(options());

    // Act
    const outcome = runner.invoke({ mode: 'throw' });

    // Assess
    await expect(outcome).rejects.toMatchObject({
      name: 'TypeError',
      message: 'boom',
    });
    await runner.close();
  });

  it('kills the instance past the timeout and starts a fresh one next time', async () => {
    // Prepare
    const runner = createLambdaRunner({ ...options(), timeoutMs: 300 });

    // Act
    const timedOut = await failureOf(runner.invoke({ mode: 'hang' }));
    const next = (await runner.invoke({})) as { invocations: number };
    await runner.close();

    // Assess
    expect(timedOut).toBeInstanceOf(LambdaInvokeError);
    expect(timedOut?.name).toBe('Sandbox.Timedout');
    expect(timedOut?.message).toContain('Task timed out after 0.30 seconds');
    expect(next.invocations).toBe(1);
  });

  it('reports a runtime exit', async () => {
    // Prepare
    const runner = createLambdaRunner(options());

    // Act
    const exited = await failureOf(runner.invoke({ mode: 'exit' }));
    await runner.close();

    // Assess
    expect(exited?.name).toBe('Runtime.ExitError');
    expect(exited?.message).toContain('exit status 3');
  });
});

describe('npm run invoke with EventTimePartitionFunction', () => {
  it('answers events/partition.json record by record, as the sample promises', async () => {
    // Prepare
    const expected = (
      (await import('./partitionEvent.expected.json', {
        with: { type: 'json' },
      })) as { default: { result: string; detail: string }[] }
    ).default;

    // Act
    const run = await invokeCli([
      'EventTimePartitionFunction',
      'events/partition.json',
      '--env-vars',
      'events/env.json',
    ]);

    // Assess: nothing listens at the endpoint, so the late and early
    // records cannot be confirmed and must fail, never be Dropped or Ok.
    expect(run.code).toBe(0);
    const response = JSON.parse(run.stdout) as FirehoseTransformationResult;
    expect(response.records.map((r) => r.result)).toEqual(
      expected.map((e) =>
        e.result === 'fallback' ? 'ProcessingFailed' : e.result,
      ),
    );
    response.records.forEach((answer, i) => {
      const want = expected[i];
      if (want?.result === 'Ok') {
        expect(answer.metadata?.partitionKeys?.hour).toBe(want.detail);
      }
    });
    expect(run.stderr).toContain('"reason":"fallback-failed"');
  });
});

describe('npm run invoke with events/msk.json (Amazon MSK source)', () => {
  it.each([
    ['TransformFunction', ['Ok', 'Ok', 'ProcessingFailed', 'Ok']],
    ['EventTimePartitionFunction', ['Ok', 'Ok', 'Ok', 'ProcessingFailed']],
  ])('answers every record of %s in kafkaRecordValue', async (id, expected) => {
    // Act
    const run = await invokeCli([
      id,
      'events/msk.json',
      '--env-vars',
      'events/env.json',
    ]);

    // Assess
    expect(run.code).toBe(0);
    const response = JSON.parse(run.stdout) as {
      records: { result: string; kafkaRecordValue?: string; data?: string }[];
    };
    expect(response.records.map((r) => r.result)).toEqual(expected);
    for (const answer of response.records) {
      expect(typeof answer.kafkaRecordValue).toBe('string');
      expect(answer.data).toBe(undefined);
    }
  });
});
