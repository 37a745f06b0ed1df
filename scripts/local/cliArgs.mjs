// Command-line parsing shared by `npm start` and `npm run event`: long
// options from a spec, positional arguments, and SAM's
// --parameter-overrides forms.

/** A mistake in the command line (exit status 2, usage printed). */
export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Parse `argv` against `spec` (`{ '--out': 'string' | 'number' | 'boolean'
 * | 'list' }`; a list takes every following non-option argument).
 * Returns `{ options: { out: … }, positional: [] }`.
 *
 * @example
 *   parseArgs(['--records', '10', 'firehose'], { '--records': 'number' });
 *   // { options: { records: 10 }, positional: ['firehose'] }
 */
export function parseArgs(argv, spec) {
  const options = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
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
      const values = options[key] ?? [];
      values.push(take());
      while (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--'))
        values.push(argv[++i]);
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
  return { options, positional };
}

function camel(flag) {
  return flag.slice(2).replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/**
 * SAM's --parameter-overrides: `K=V` arguments, `'A=1 B=2'` in one
 * argument, or `ParameterKey=K,ParameterValue=V`.
 *
 * @example
 *   parseParameterOverrides(['RouteLateData=false', 'AllowedLateness=15m']);
 */
export function parseParameterOverrides(args = []) {
  const overrides = {};
  for (const arg of args) {
    const long = [
      ...arg.matchAll(/ParameterKey=([^,\s]+),ParameterValue=(\S*)/g),
    ];
    if (long.length > 0) {
      for (const [, key, value] of long) overrides[key] = value;
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
export function share(value, flag, fallback) {
  if (value === undefined) return fallback;
  if (value < 0 || value > 1)
    throw new UsageError(`${flag} is a share between 0 and 1, not ${value}`);
  return value;
}
