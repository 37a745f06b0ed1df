// Bundles the template's esbuild functions exactly as `sam build` does
// (aws-lambda-builders' nodejs_npm_esbuild workflow): every BuildProperties
// key becomes the esbuild option of the same name, on top of --bundle
// --platform=node, with SAM's defaults when a key is absent.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import {
  defaultTemplatePath,
  describeFunction,
  type FunctionDescription,
  listFunctions,
  messageOf,
  projectRoot,
  readTemplate,
  type Template,
} from './template.ts';

/** A function to build, and the template it comes from. */
export type BuildableFunction = FunctionDescription & { templatePath?: string };

/** What one build wrote. */
export interface BuildResult {
  logicalId: string;
  handlerPath: string;
  outputs: { path: string; bytes: number }[];
}

/** The esbuild options of a function, with the fields this module reads. */
type FunctionBuildOptions = esbuild.BuildOptions & {
  outdir: string;
  absWorkingDir: string;
  metafile: true;
  write: false;
};

/** Where `npm run build` writes: `dist/<LogicalId>/`. */
export const distRoot = resolve(projectRoot, 'dist');

/** The BuildProperties aws-lambda-builders passes on to esbuild. */
const SUPPORTED = new Set([
  'EntryPoints',
  'Format',
  'OutExtension',
  'Target',
  'Minify',
  'Sourcemap',
  'SourcesContent',
  'Banner',
  'External',
  'Loader',
  'MainFields',
]);

/** Raised when a function cannot be built as SAM would build it. */
export class BuildError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BuildError';
  }
}

function asList(value: unknown, key: string, logicalId: string): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return value.split(',').map((s) => s.trim());
  if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    return value;
  throw new BuildError(
    `${logicalId}: BuildProperties.${key} must be a list of strings (a YAML map fails in aws-lambda-builders)`,
  );
}

function asPairs(
  value: unknown,
  key: string,
  logicalId: string,
): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const item of asList(value, key, logicalId)) {
    const eq = item.indexOf('=');
    if (eq <= 0)
      throw new BuildError(
        `${logicalId}: BuildProperties.${key} entry ${JSON.stringify(item)} is not key=value`,
      );
    pairs[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return pairs;
}

function asBoolean(
  value: unknown,
  key: string,
  logicalId: string,
  fallback: boolean,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new BuildError(
    `${logicalId}: BuildProperties.${key} must be true or false`,
  );
}

/**
 * The esbuild options for one function, from its BuildProperties alone.
 *
 * @example
 *   esbuildOptions(describeFunction(readTemplate(), 'TransformFunction'));
 */
export function esbuildOptions(fn: BuildableFunction): FunctionBuildOptions {
  const props = fn.buildProperties;
  const id = fn.logicalId;
  for (const key of Object.keys(props)) {
    if (!SUPPORTED.has(key)) {
      throw new BuildError(
        `${id}: BuildProperties.${key} is not supported by aws-lambda-builders (supported: ${[...SUPPORTED].join(', ')})`,
      );
    }
  }
  const entryPoints = asList(props.EntryPoints, 'EntryPoints', id);
  if (entryPoints.length === 0)
    throw new BuildError(`${id}: BuildProperties.EntryPoints is empty`);
  const options: FunctionBuildOptions = {
    absWorkingDir: fn.codeUri,
    entryPoints: entryPoints.map((entry) => resolve(fn.codeUri, entry)),
    bundle: true,
    platform: 'node',
    outdir: join(distRoot, id),
    // SAM's defaults when a property is absent.
    format: (props.Format ?? 'cjs') as esbuild.Format,
    target: props.Target ?? 'es2020',
    minify: asBoolean(props.Minify, 'Minify', id, true),
    logLevel: 'silent',
    metafile: true,
    write: false,
  };
  const sourcemap = asBoolean(props.Sourcemap, 'Sourcemap', id, false);
  if (sourcemap) options.sourcemap = true;
  if (props.SourcesContent !== undefined)
    options.sourcesContent = asBoolean(
      props.SourcesContent,
      'SourcesContent',
      id,
      true,
    );
  if (props.OutExtension !== undefined)
    options.outExtension = asPairs(props.OutExtension, 'OutExtension', id);
  if (props.Banner !== undefined)
    options.banner = asPairs(props.Banner, 'Banner', id);
  if (props.External !== undefined)
    options.external = asList(props.External, 'External', id);
  if (props.Loader !== undefined)
    options.loader = asPairs(props.Loader, 'Loader', id) as Record<
      string,
      esbuild.Loader
    >;
  if (props.MainFields !== undefined)
    options.mainFields = asList(props.MainFields, 'MainFields', id);
  return options;
}

/** The bundle file Lambda loads for `Handler` (e.g. `transform.mjs`). */
export function handlerBundlePath(fn: BuildableFunction): string {
  const ext = esbuildOptionsSafe(fn)?.outExtension?.['.js'] ?? '.js';
  return join(distRoot, fn.logicalId, `${fn.handlerFile}${ext}`);
}

function esbuildOptionsSafe(
  fn: BuildableFunction,
): FunctionBuildOptions | undefined {
  try {
    return esbuildOptions(fn);
  } catch {
    return undefined;
  }
}

/** The esbuild metafile of the last build, kept beside the function folder. */
export function metafilePath(logicalId: string): string {
  return join(distRoot, `${logicalId}.meta.json`);
}

/** The functions of the template that are built with esbuild. */
export function esbuildFunctions(
  template: Template = readTemplate(),
  templatePath = defaultTemplatePath,
): BuildableFunction[] {
  return Object.keys(listFunctions(template))
    .map((id) => ({
      ...describeFunction(template, id),
      templatePath,
    }))
    .filter((fn) => fn.buildMethod === 'esbuild');
}

/**
 * Build one function into `dist/<LogicalId>/`: stale files are removed,
 * each output is written to a temporary file and renamed (so a reader
 * never sees half a bundle), and the bundle that `Handler` names must
 * exist and export the handler.
 *
 */
export async function buildFunction(
  fn: BuildableFunction,
): Promise<BuildResult> {
  const options = esbuildOptions(fn);
  let result: esbuild.BuildResult<FunctionBuildOptions>;
  try {
    result = await esbuild.build(options);
  } catch (error) {
    const errors: esbuild.Message[] =
      typeof error === 'object' && error !== null && 'errors' in error
        ? (error.errors as esbuild.Message[])
        : [];
    const messages = errors
      .map(
        (e) =>
          `  ${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`,
      )
      .join('\n');
    throw new BuildError(
      `${fn.logicalId}: esbuild failed${messages ? `\n${messages}` : `: ${messageOf(error)}`}`,
      { cause: error },
    );
  }
  const outDir = options.outdir;
  mkdirSync(outDir, { recursive: true });
  const written = new Set<string>();
  const outputs: BuildResult['outputs'] = [];
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
    written.add(file.path);
    outputs.push({ path: file.path, bytes: file.contents.byteLength });
  }
  for (const name of readdirSync(outDir, { recursive: true })) {
    const path = join(outDir, String(name));
    if (!written.has(path) && statSync(path).isFile())
      rmSync(path, { force: true });
  }
  const handlerPath = handlerBundlePath(fn);
  if (!written.has(handlerPath)) {
    throw new BuildError(
      `${fn.logicalId}: Handler ${fn.handler} needs ${relative(projectRoot, handlerPath)}, but esbuild wrote ${[
        ...written,
      ]
        .map((p) => relative(projectRoot, p))
        .join(', ')}. ${handlerAdvice(fn, outDir, written)}`,
    );
  }
  const exportsOf = result.metafile.outputs[relative(fn.codeUri, handlerPath)];
  if (exportsOf !== undefined && !exportsOf.exports.includes(fn.handlerName)) {
    throw new BuildError(
      `${fn.logicalId}: ${relative(projectRoot, handlerPath)} does not export ${fn.handlerName} (exports: ${exportsOf.exports.join(', ') || 'none'})`,
    );
  }
  writeFileSync(metafilePath(fn.logicalId), JSON.stringify(result.metafile));
  // The bundle first, then its source map.
  outputs.sort((a, b) => a.path.localeCompare(b.path));
  return { logicalId: fn.logicalId, handlerPath, outputs };
}

/**
 * What Handler should be, from what esbuild wrote: SAM does not rewrite
 * Handler, and esbuild writes a single entry point at the top of the
 * output folder but keeps the folders of several (below their common
 * ancestor), so `examples/redactPii.ts` becomes `examples/redactPii.mjs`.
 */
function handlerAdvice(
  fn: BuildableFunction,
  outDir: string,
  written: ReadonlySet<string>,
): string {
  const wanted = fn.handlerFile.split('/').pop();
  const candidate = [...written]
    .map((path) => relative(outDir, path))
    .filter((path) => /\.[cm]?js$/.test(path))
    .map((path) => path.replace(/\.[cm]?js$/, ''))
    .find((path) => path.split('/').pop() === wanted);
  const rule =
    'SAM does not rewrite Handler: it is the output path inside the build folder (one entry point is written at the top; with several, esbuild keeps their folders)';
  return candidate === undefined
    ? `${rule}.`
    : `${rule}: set Handler: ${candidate}.${fn.handlerName}`;
}

/**
 * True when an output of the last build is missing, or the bundle is older
 * than the template or any file esbuild read for it (from the metafile).
 */
export function isStale(fn: BuildableFunction): boolean {
  const handlerPath = handlerBundlePath(fn);
  let builtAt: number;
  let meta: esbuild.Metafile;
  try {
    builtAt = statSync(handlerPath).mtimeMs;
    meta = JSON.parse(
      readFileSync(metafilePath(fn.logicalId), 'utf8'),
    ) as esbuild.Metafile;
  } catch {
    return true;
  }
  for (const output of Object.keys(meta.outputs)) {
    if (!existsSync(resolve(fn.codeUri, output))) return true;
  }
  const inputs = [
    fn.templatePath ?? defaultTemplatePath,
    ...Object.keys(meta.inputs).map((input) => resolve(fn.codeUri, input)),
  ];
  for (const input of inputs) {
    try {
      if (statSync(input).mtimeMs > builtAt) return true;
    } catch {
      return true; // an input disappeared
    }
  }
  return false;
}

/**
 * Build the template's esbuild functions (all, or `only`), optionally only
 * those that are stale.
 */
export async function buildFunctions({
  only,
  onlyStale = false,
  templatePath = defaultTemplatePath,
}: {
  only?: readonly string[] | undefined;
  onlyStale?: boolean;
  templatePath?: string | undefined;
} = {}): Promise<BuildResult[]> {
  const functions = esbuildFunctions(
    readTemplate(templatePath),
    templatePath,
  ).filter((fn) => only === undefined || only.includes(fn.logicalId));
  const results: BuildResult[] = [];
  for (const fn of functions) {
    if (onlyStale && !isStale(fn)) continue;
    results.push(await buildFunction(fn));
  }
  return results;
}
