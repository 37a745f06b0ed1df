// Evaluates Firehose S3 prefixes (s3-prefixes.html): !{timestamp:…} with
// the arrival time of the object's oldest record (UTC unless
// CustomTimeZone), !{partitionKeyFromLambda:k}, !{firehose:random-string}
// and !{firehose:error-output-type}; and names objects as Firehose does.
import { randomBytes, randomUUID } from 'node:crypto';
import { checkJavaPattern, formatJavaPattern } from './javaTimeFormat.ts';

const EXPRESSION = /!\{([A-Za-z]+):([^}]*)\}/g;

/** A prefix checked once: the partition keys it needs, and whether it has a timestamp. */
export interface CompiledPrefix {
  text: string;
  lambdaKeys: string[];
  hasTimestamp: boolean;
}
/** Firehose refuses an evaluated prefix longer than this. */
export const MAX_PREFIX_LENGTH = 512;
/** Appended when a prefix has no timestamp expression (no dynamic partitioning). */
export const DEFAULT_TIME_PREFIX = '!{timestamp:yyyy/MM/dd/HH}/';
/** The ErrorOutputPrefix Firehose uses when none is configured. */
export const DEFAULT_ERROR_PREFIX = `!{firehose:error-output-type}/${DEFAULT_TIME_PREFIX}`;

/** Raised when a prefix cannot be evaluated for a record or an object. */
export class PrefixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrefixError';
  }
}

/**
 * Parse and check a prefix once: the partition keys it needs and whether
 * it has a timestamp; throws for an expression Firehose would refuse or
 * that is not emulated (partitionKeyFromQuery needs a jq processor).
 *
 * @example
 *   compilePrefix('events/h=!{partitionKeyFromLambda:hour}/', { error: false });
 *   // { text, lambdaKeys: ['hour'], hasTimestamp: false }
 */
export function compilePrefix(
  text: string,
  { error }: { error: boolean },
): CompiledPrefix {
  const lambdaKeys: string[] = [];
  let hasTimestamp = false;
  for (const [, namespace, value = ''] of text.matchAll(EXPRESSION)) {
    switch (namespace) {
      case 'timestamp':
        checkJavaPattern(value);
        hasTimestamp = true;
        break;
      case 'partitionKeyFromLambda':
        if (error)
          throw new PrefixError(
            'ErrorOutputPrefix cannot use partitionKeyFromLambda',
          );
        lambdaKeys.push(value);
        break;
      case 'firehose':
        if (value === 'error-output-type' && !error)
          throw new PrefixError(
            '!{firehose:error-output-type} is only allowed in ErrorOutputPrefix',
          );
        if (value !== 'error-output-type' && value !== 'random-string')
          throw new PrefixError(`unknown expression !{firehose:${value}}`);
        break;
      // Keys from a MetadataExtraction (jq) processor: same map as Lambda's.
      case 'partitionKeyFromQuery':
        if (error)
          throw new PrefixError(
            'ErrorOutputPrefix cannot use partitionKeyFromQuery',
          );
        lambdaKeys.push(value);
        break;
      default:
        throw new PrefixError(`unknown prefix namespace ${namespace}`);
    }
  }
  return { text, lambdaKeys, hasTimestamp };
}

/**
 * Evaluate a compiled prefix for one object.
 *
 * @param values
 * @param values.arrivalMs arrival of the object's oldest record
 * @param [values.timeZone] CustomTimeZone (default UTC)
 * @param [values.partitionKeys]
 * @param [values.errorOutputType]
 * @example
 *   evaluatePrefix(compiled, { arrivalMs, partitionKeys: { hour: '09' } });
 */
export function evaluatePrefix(
  compiled: CompiledPrefix,
  values: {
    arrivalMs: number;
    timeZone?: string | undefined;
    partitionKeys?: Readonly<Record<string, string | undefined>> | undefined;
    errorOutputType?: string | undefined;
  },
): string {
  const timeZone = values.timeZone ?? 'UTC';
  const evaluated = compiled.text.replace(
    EXPRESSION,
    (_whole, namespace: string, value: string) => {
      if (namespace === 'timestamp')
        return formatJavaPattern(values.arrivalMs, value, timeZone);
      if (
        namespace === 'partitionKeyFromLambda' ||
        namespace === 'partitionKeyFromQuery'
      ) {
        const key = values.partitionKeys?.[value];
        if (typeof key !== 'string' || key === '')
          throw new PrefixError(
            `partition key '${value}' is missing from the record's metadata.partitionKeys`,
          );
        return key;
      }
      if (value === 'random-string') return randomString();
      return values.errorOutputType ?? '';
    },
  );
  if (evaluated.length > MAX_PREFIX_LENGTH) {
    throw new PrefixError(
      `the evaluated prefix is ${evaluated.length} characters (Firehose allows ${MAX_PREFIX_LENGTH})`,
    );
  }
  return evaluated;
}

/** 11 random characters, like !{firehose:random-string}. */
export function randomString(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(
    randomBytes(11),
    (byte) => alphabet[byte % alphabet.length],
  ).join('');
}

/**
 * The object name Firehose appends to the evaluated prefix:
 * `<stream>-<version>-yyyy-MM-dd-HH-mm-ss-<uuid>` (UTC, the oldest
 * record's arrival), `.gz` when GZIP-compressed.
 *
 * @example
 *   objectName('local-EventStream', Date.UTC(2026, 2, 1, 9), 'GZIP');
 *   // 'local-EventStream-1-2026-03-01-09-00-00-6f1c….gz'
 */
export function objectName(
  streamName: string,
  arrivalMs: number,
  compression: string,
): string {
  const time = formatJavaPattern(arrivalMs, 'yyyy-MM-dd-HH-mm-ss', 'UTC');
  const suffix = compression === 'GZIP' ? '.gz' : '';
  return `${streamName}-1-${time}-${randomUUID()}${suffix}`;
}
