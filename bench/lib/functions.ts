// The functions under test, from template.yaml: their built bundles (copied
// out of the project, like /var/task, so that nothing is found in
// node_modules and a concurrent `npm run build` cannot change them
// mid-run), their sizes and their Lambda environment.
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { lambdaEnvironment } from '../../local/lambda/lambdaRunner.ts';
import type { BuildableFunction } from '../../scripts/lib/build.ts';
import {
  distRoot,
  esbuildFunctions,
  handlerBundlePath,
  metafilePath,
} from '../../scripts/lib/build.ts';
import type { Env } from './context.ts';

/** The functions the benchmark knows, by logical id. */
export const FunctionId = {
  transform: 'TransformFunction',
  partition: 'EventTimePartitionFunction',
  cloudWatchLogs: 'CloudWatchLogsFunction',
} as const;

export type FunctionId = (typeof FunctionId)[keyof typeof FunctionId];

/** Sizes of a function's built outputs. */
export interface BundleSizes {
  handlerFile: string;
  eagerBytes: number;
  handlerBytes: number;
  lazy: { file: string; bytes: number }[];
}

/** A built function, copied out of the project, ready to measure. */
export interface PreparedFunction {
  logicalId: string;
  handler: string;
  handlerName: string;
  memoryMb: number;
  region: string;
  templateEnv: Record<string, string>;
  taskRoot: string;
  bundlePath: string;
  sizes: BundleSizes;
}

/** The prepared functions by logical id (those not built are absent). */
export type PreparedFunctions = Partial<Record<string, PreparedFunction>>;

interface Metafile {
  outputs: Record<
    string,
    { imports?: { path: string; kind: string; external?: boolean }[] }
  >;
}

function isCode(path: string): boolean {
  return /\.[cm]?js$/.test(path);
}

/**
 * Sizes of a function's outputs: the handler bundle with the chunks it
 * imports statically (what every cold start loads), and the other code
 * files (loaded on demand, e.g. the SDK chunk).
 */
function bundleSizes(
  fn: BuildableFunction,
  builtRoot: string,
  handlerPath: string,
): BundleSizes {
  const files = readdirSync(builtRoot, { recursive: true })
    .map(String)
    .filter((name) => isCode(name) && statSync(join(builtRoot, name)).isFile());
  const handlerName = relative(builtRoot, handlerPath);
  const eager = new Set([handlerName]);
  try {
    const meta = JSON.parse(
      readFileSync(metafilePath(fn.logicalId), 'utf8'),
    ) as Metafile;
    const queue = [relative(fn.codeUri, handlerPath)];
    while (queue.length > 0) {
      const output = meta.outputs[queue.pop() ?? ''];
      for (const imported of output?.imports ?? []) {
        if (imported.kind !== 'import-statement' || imported.external) continue;
        const name = relative(builtRoot, join(fn.codeUri, imported.path));
        if (!eager.has(name)) {
          eager.add(name);
          queue.push(imported.path);
        }
      }
    }
  } catch {
    // No metafile: count the handler file alone.
  }
  const size = (name: string): number => statSync(join(builtRoot, name)).size;
  return {
    handlerFile: handlerName,
    eagerBytes: [...eager].reduce((sum, name) => sum + size(name), 0),
    handlerBytes: size(handlerName),
    lazy: files
      .filter((name) => !eager.has(name))
      .map((name) => ({ file: name, bytes: size(name) })),
  };
}

/**
 * The template's esbuild functions, each copied to `workDir/<LogicalId>`
 * and described for the benchmark. Functions not built yet are skipped.
 */
export function prepareFunctions(workDir: string): PreparedFunctions {
  const prepared: PreparedFunctions = {};
  for (const fn of esbuildFunctions()) {
    const builtRoot = join(distRoot, fn.logicalId);
    const builtHandler = handlerBundlePath(fn);
    if (!existsSync(builtHandler)) continue;
    const taskRoot = join(workDir, fn.logicalId);
    cpSync(builtRoot, taskRoot, { recursive: true });
    prepared[fn.logicalId] = {
      logicalId: fn.logicalId,
      handler: fn.handler,
      handlerName: fn.handlerName,
      memoryMb: fn.memoryMb,
      region: fn.region,
      templateEnv: fn.environment,
      taskRoot,
      bundlePath: join(taskRoot, relative(builtRoot, builtHandler)),
      sizes: bundleSizes(fn, builtRoot, builtHandler),
    };
  }
  return prepared;
}

/**
 * The environment of a function's process: Lambda's variables, the
 * template's (resolved from parameter defaults), then `overrides`. AWS_*
 * variables come from `callerEnv` only (fake credentials, local endpoint).
 */
export function functionEnv(
  fn: PreparedFunction,
  callerEnv: Env,
  overrides: Env = {},
): Env {
  return {
    ...lambdaEnvironment({
      functionName: fn.logicalId,
      memoryMb: fn.memoryMb,
      region: fn.region,
      handler: fn.handler,
      taskRoot: fn.taskRoot,
      callerEnv,
    }),
    ...fn.templateEnv,
    ...overrides,
  };
}
