// The measuring processes whose figures include Node's own start-up and
// footprint (peak memory, first invocation) run as JavaScript compiled
// once per bench run, not as .ts through Node 22's type stripping: the
// stripper (amaro, a WebAssembly module) adds ~15 MiB to every resident set
// and its start-up to every process-start time, which a Lambda instance
// running a bundle never pays. The other children (throughput, per-shape)
// measure calls, not the process, and keep running as .ts.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** The compiled entry points of the measuring processes, by role. */
export interface ChildScripts {
  /** memoryChild.ts: peak RSS of one full batch (and of an idle process). */
  memory: string;
  /** firstInvokeChild.ts: import, first and second call of a small batch. */
  firstInvoke: string;
}

const ENTRIES = {
  memory: 'memoryChild',
  firstInvoke: 'firstInvokeChild',
} as const satisfies Record<keyof ChildScripts, string>;

/**
 * Bundle the measuring processes into `workDir/children/<name>.mjs` (ESM,
 * Node 22, not minified so that a child's stack trace stays readable;
 * what a child loads only on demand, such as the baselines, stays a
 * chunk of its own) and return their paths.
 *
 * @example
 *   const scripts = await bundleChildren(workDir);
 *   runChild(scripts.memory, spec, options);
 */
export async function bundleChildren(workDir: string): Promise<ChildScripts> {
  const outdir = join(workDir, 'children');
  await esbuild.build({
    entryPoints: Object.values(ENTRIES).map((name) =>
      fileURLToPath(new URL(`${name}.ts`, import.meta.url)),
    ),
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outdir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  const path = (name: string): string => join(outdir, `${name}.mjs`);
  return {
    memory: path(ENTRIES.memory),
    firstInvoke: path(ENTRIES.firstInvoke),
  };
}

/**
 * `bundleChildren(workDir)` on first call, the same paths afterwards: a
 * run that measures neither memory nor first invocations bundles nothing.
 *
 * @example
 *   const children = lazyChildScripts(workDir);
 *   const { memory } = await children();
 */
export function lazyChildScripts(workDir: string): () => Promise<ChildScripts> {
  let bundled: Promise<ChildScripts> | undefined;
  return () => {
    bundled ??= bundleChildren(workDir);
    return bundled;
  };
}
