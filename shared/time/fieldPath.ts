/**
 * Dot paths to a record's timestamp field, e.g. `detail.eventTime`.
 */

/**
 * Split a dot path into keys. A literal dot inside a key is written `\.`, a
 * literal backslash `\\`; no other escape exists. Empty keys are invalid.
 *
 * @throws Error with a message saying what is wrong (the configuration reader
 *   turns it into a `ConfigurationError`).
 * @example
 * ```ts
 * parseFieldPath('detail.eventTime'); // ['detail', 'eventTime']
 * parseFieldPath('meta.event\\.time'); // ['meta', 'event.time']
 * ```
 */
export function parseFieldPath(spec: string): readonly string[] {
  if (spec.length === 0) throw new Error('the field path is empty');
  const keys: string[] = [];
  let key = '';
  for (let i = 0; i < spec.length; i++) {
    const char = spec[i] as string;
    if (char === '\\') {
      const next = spec[i + 1];
      if (next !== '.' && next !== '\\') {
        throw new Error(
          `invalid escape at position ${i + 1}: only \\. and \\\\ are allowed`,
        );
      }
      key += next;
      i++;
    } else if (char === '.') {
      if (key === '') throw emptyKey(keys.length + 1);
      keys.push(key);
      key = '';
    } else {
      key += char;
    }
  }
  if (key === '') throw emptyKey(keys.length + 1);
  keys.push(key);
  return Object.freeze(keys);
}

function emptyKey(position: number): Error {
  return new Error(`key ${position} of the field path is empty`);
}

const INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * Read a field by path. Walks plain objects (own keys only, so `__proto__`
 * or `constructor` never reach the prototype) and arrays (by a decimal
 * index); anything else, or an absent key, gives `undefined`.
 *
 * @example
 * ```ts
 * readField({ detail: { eventTime: 1 } }, ['detail', 'eventTime']); // 1
 * readField({ items: [{ t: 2 }] }, ['items', '0', 't']); // 2
 * readField({ detail: 'x' }, ['detail', 'eventTime']); // undefined
 * ```
 */
export function readField(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (Array.isArray(current)) {
      if (!INDEX.test(key)) return undefined;
      current = current[Number(key)];
      continue;
    }
    const prototype = Object.getPrototypeOf(current);
    if (prototype !== Object.prototype && prototype !== null) return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
