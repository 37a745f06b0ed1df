import { ConfigurationError } from './errors.js';

/** Where configuration is read from: `process.env` in Lambda, a map in tests. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Read an optional string; empty or unset gives the default.
 *
 * @example
 * ```ts
 * readString(process.env, 'FALLBACK_STREAM_NAME', ''); // '' when unset
 * ```
 */
export function readString(
  env: Environment,
  name: string,
  fallback: string,
): string {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? fallback : value;
}

/**
 * Read one of a fixed set of values (case-insensitive).
 *
 * @throws ConfigurationError naming the variable and the accepted values.
 * @example
 * ```ts
 * readChoice(process.env, 'ON_INVALID', ['fail', 'drop'] as const, 'fail');
 * ```
 */
export function readChoice<const T extends readonly string[]>(
  env: Environment,
  name: string,
  choices: T,
  fallback: T[number],
): T[number] {
  const raw = readString(env, name, fallback);
  const value = raw.toLowerCase();
  const match = choices.find((choice) => choice === value);
  if (match === undefined) {
    throw new ConfigurationError(name, raw, `one of ${choices.join(', ')}`);
  }
  return match;
}

/**
 * Read a boolean: `true`/`false` (also `1`/`0`, `yes`/`no`).
 *
 * @throws ConfigurationError
 * @example
 * ```ts
 * readBoolean(process.env, 'REINGEST', true);
 * ```
 */
export function readBoolean(
  env: Environment,
  name: string,
  fallback: boolean,
): boolean {
  const raw = readString(env, name, String(fallback));
  const value = raw.toLowerCase();
  if (value === 'true' || value === '1' || value === 'yes') return true;
  if (value === 'false' || value === '0' || value === 'no') return false;
  throw new ConfigurationError(name, raw, 'true or false');
}

/**
 * Read a whole number within bounds.
 *
 * @throws ConfigurationError
 * @example
 * ```ts
 * readInteger(process.env, 'PARTITION_WARNING_THRESHOLD', 400, { min: 1, max: 5000 });
 * ```
 */
export function readInteger(
  env: Environment,
  name: string,
  fallback: number,
  bounds: { min: number; max: number },
): number {
  const raw = readString(env, name, String(fallback));
  const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (
    !Number.isSafeInteger(value) ||
    value < bounds.min ||
    value > bounds.max
  ) {
    throw new ConfigurationError(
      name,
      raw,
      `a whole number from ${bounds.min} to ${bounds.max}`,
    );
  }
  return value;
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Read a duration such as `0`, `500ms`, `90s`, `15m`, `2h`, `1d` or a
 * combination like `1h30m`, and return milliseconds.
 *
 * @throws ConfigurationError
 * @example
 * ```ts
 * readDuration(process.env, 'ALLOWED_LATENESS', '1h'); // 3600000
 * ```
 */
export function readDuration(
  env: Environment,
  name: string,
  fallback: string,
): number {
  const raw = readString(env, name, fallback);
  const ms = parseDuration(raw);
  if (ms === undefined) {
    throw new ConfigurationError(
      name,
      raw,
      'a duration such as 0, 500ms, 90s, 15m, 2h, 1d or 1h30m',
    );
  }
  return ms;
}

/**
 * Parse a duration string into milliseconds; `undefined` when invalid.
 *
 * @example
 * ```ts
 * parseDuration('1h30m'); // 5400000
 * ```
 */
export function parseDuration(text: string): number | undefined {
  const value = text.trim().toLowerCase();
  if (value === '0') return 0;
  if (!/^(\d+(ms|s|m|h|d))+$/.test(value)) return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)(ms|s|m|h|d)/g)) {
    total += Number(amount) * (DURATION_UNITS_MS[unit as string] as number);
  }
  return Number.isSafeInteger(total) ? total : undefined;
}
