/**
 * The S3 prefix of an event-time partition, from the very prefix template
 * the delivery stream uses (template.yaml's `PartitionPrefix` mapping), so
 * the commit function and Firehose can never disagree on where P lives.
 */
import type { PartitionKeys } from '../firehose/types.js';

const EXPRESSION = /!\{([A-Za-z]+):([^}]*)\}/g;
const KEY_NAMESPACES = new Set([
  'partitionKeyFromLambda',
  'partitionKeyFromQuery',
]);

/** A prefix template checked once: its text and the keys it needs. */
export interface PartitionPrefix {
  readonly template: string;
  /** Partition key names in the order the template uses them. */
  readonly keys: readonly string[];
}

/**
 * Parse a Firehose prefix made of literal text and partition key
 * expressions only (`!{partitionKeyFromLambda:k}` or
 * `!{partitionKeyFromQuery:k}`). A `!{timestamp:…}` or `!{firehose:…}`
 * expression is refused: it depends on arrival time or chance, so the
 * prefix of a partition could not be known in advance.
 *
 * @throws Error saying which expression is not allowed.
 * @example
 * ```ts
 * compilePartitionPrefix('events/year=!{partitionKeyFromLambda:year}/').keys; // ['year']
 * ```
 */
export function compilePartitionPrefix(template: string): PartitionPrefix {
  const keys: string[] = [];
  for (const [whole, namespace, name] of template.matchAll(EXPRESSION)) {
    if (!KEY_NAMESPACES.has(namespace as string) || name === '') {
      throw new Error(
        `${whole} is not a partition key expression: only !{partitionKeyFromLambda:…} and !{partitionKeyFromQuery:…} are allowed`,
      );
    }
    keys.push(name as string);
  }
  if (keys.length === 0) {
    throw new Error('the prefix has no partition key expression');
  }
  if (!template.endsWith('/')) {
    throw new Error('the prefix must end with /');
  }
  return Object.freeze({ template, keys: Object.freeze(keys) });
}

/**
 * The prefix of the partition with these keys.
 *
 * @throws Error when a key the prefix needs is missing.
 * @example
 * ```ts
 * partitionPrefix(compilePartitionPrefix('events/hour=!{partitionKeyFromLambda:hour}/'), { hour: '09' });
 * // 'events/hour=09/'
 * ```
 */
export function partitionPrefix(
  prefix: PartitionPrefix,
  keys: PartitionKeys,
): string {
  return prefix.template.replace(EXPRESSION, (_whole, _namespace, name) => {
    const value = keys[name as string];
    if (value === undefined || value === '') {
      throw new Error(`partition key ${name} is missing`);
    }
    return value;
  });
}

/**
 * The folders before the first expression (e.g. `events/`): every
 * partition of the stream lives under it.
 *
 * @example
 * ```ts
 * staticPrefix(compilePartitionPrefix('events/year=!{partitionKeyFromLambda:year}/')); // 'events/'
 * ```
 */
export function staticPrefix(prefix: PartitionPrefix): string {
  const literal = prefix.template.slice(0, prefix.template.indexOf('!{'));
  return literal.slice(0, literal.lastIndexOf('/') + 1);
}
