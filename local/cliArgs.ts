// Command-line parsing shared by `npm start` and `npm run event`: long
// options from a spec, positional arguments, and SAM's
// --parameter-overrides forms.

/** A mistake in the command line (exit status 2, usage printed). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** How a long option takes its value. */
export type OptionType = 'string' | 'number' | 'boolean' | 'list';

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;
type ValueOf<T extends OptionType> = T extends 'string'
  ? string
  : T extends 'number'
    ? number
    : T extends 'boolean'
      ? true
      : string[];

/** Parsed option values, by camel-cased flag (`--out` → `out`). */
export type ParsedOptions<Spec extends Readonly<Record<string, OptionType>>> = {
  -readonly [Flag in keyof Spec as Flag extends `--${infer Name}`
    ? CamelCase<Name>
    : never]?: ValueOf<Spec[Flag]>;
} & { help?: true };

/**
 * Parse `argv` against `spec` (`{ '--out': 'string' | 'number' | 'boolean'
 * | 'list' }`; a list takes every following non-option argument).
 * Returns `{ options: { out: … }, positional: [] }`.
 *
 * @example
 *   parseArgs(['--records', '10', 'firehose'], { '--records': 'number' });
 *   // { options: { records: 10 }, positional: ['firehose'] }
 */
export function parseArgs<Spec extends Readonly<Record<string, OptionType>>>(
  argv: readonly string[],
  spec: Spec,
): { options: ParsedOptions<Spec>; positional: string[] } {
  // Filled by flag name from `spec`; typed by ParsedOptions for callers.
  const options: Record<string, unknown> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h') {
      options.help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const [flag, inline] =
      arg.includes('=') && !arg.startsWith('--parameter-overrides=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const type = spec[flag];
    const key = camel(flag);
    if (type === undefined) throw new UsageError(`unknown option ${flag}`);
    if (type === 'boolean') {
      options[key] = true;
      continue;
    }
    const take = () => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined || (next.startsWith('--') && next !== '-'))
        throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (type === 'list') {
      const previous = options[key];
      const values = Array.isArray(previous) ? previous : [];
      values.push(take());
      for (;;) {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) break;
        values.push(next);
        i++;
      }
      options[key] = values;
    } else if (type === 'number') {
      const text = take();
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value))
        throw new UsageError(
          `${flag} needs a number, not ${JSON.stringify(text)}`,
        );
      options[key] = value;
    } else {
      options[key] = take();
    }
  }
  return { options: options as ParsedOptions<Spec>, positional };
}

function camel(flag: string): string {
  return flag
    .slice(2)
    .replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * SAM's --parameter-overrides: `K=V` arguments, `'A=1 B=2'` in one
 * argument, or `ParameterKey=K,ParameterValue=V`.
 *
 * @example
 *   parseParameterOverrides(['RouteLateData=false', 'AllowedLateness=15m']);
 */
export function parseParameterOverrides(
  args: readonly string[] = [],
): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const arg of args) {
    const long = [
      ...arg.matchAll(/ParameterKey=([^,\s]+),ParameterValue=(\S*)/g),
    ];
    if (long.length > 0) {
      for (const [, key, value] of long)
        if (key !== undefined) overrides[key] = value ?? '';
      continue;
    }
    const tokens = arg.trim().split(/\s+/);
    const list = tokens.every((token) => /^[A-Za-z0-9]+=/.test(token))
      ? tokens
      : [arg];
    for (const token of list) {
      const eq = token.indexOf('=');
      if (eq <= 0)
        throw new UsageError(
          `--parameter-overrides: ${JSON.stringify(token)} is not Key=Value`,
        );
      overrides[token.slice(0, eq)] = token.slice(eq + 1);
    }
  }
  return overrides;
}

/** A share between 0 and 1, or a usage error naming the option. */
export function share(
  value: number | undefined,
  flag: string,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (value < 0 || value > 1)
    throw new UsageError(`${flag} is a share between 0 and 1, not ${value}`);
  return value;
}
