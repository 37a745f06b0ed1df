import type { PartitionStore } from '../../shared/commit/commitPartitions.js';
import { isHiddenKey, SUCCESS_FILE } from '../../shared/commit/manifest.js';

/** An in-memory {@link PartitionStore}: key → body, with a write count. */
export function createMemoryStore(
  initial: Readonly<Record<string, string>> = {},
): PartitionStore & { objects: Map<string, string>; writes: number } {
  const objects = new Map(Object.entries(initial));
  const store = {
    objects,
    writes: 0,
    async list(prefix: string) {
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix));
      return {
        objects: keys
          .filter((k) => !isHiddenKey(k))
          .map((key) => ({
            key,
            size: Buffer.byteLength(objects.get(key) ?? ''),
            etag: `"${key.length}"`,
          })),
        committed: objects.has(`${prefix}${SUCCESS_FILE}`),
      };
    },
    async putIfAbsent(key: string, body: string) {
      if (objects.has(key)) return 'exists' as const;
      objects.set(key, body);
      store.writes++;
      return 'written' as const;
    },
  };
  return store;
}
