/**
 * Load an AWS SDK client package lazily, from its own bundle file when the
 * code runs from a built handler, or from node_modules otherwise (tests).
 */

/**
 * A memoised loader: the first call imports, later calls share the
 * promise; a failed import is forgotten so that the next call retries.
 *
 * `bundledPath` is where esbuild writes the SDK's entry point relative to
 * a handler bundle (`functions/<name>.mjs`, see template.yaml EntryPoints),
 * e.g. `../shared/senders/kinesisSdk.mjs`. `packageName` is the fallback.
 *
 * @example
 * ```ts
 * const loadSdk = createSdkLoader<typeof import('./kinesisSdk.js')>(
 *   '../shared/senders/kinesisSdk.mjs',
 *   ['@aws-sdk', 'client-kinesis'],
 * );
 * const { KinesisClient } = await loadSdk();
 * ```
 */
export function createSdkLoader<T>(
  bundledPath: string,
  packageName: readonly string[],
): () => Promise<T> {
  let loading: Promise<T> | undefined;
  // Joined at run time, not a string literal, so that esbuild leaves the
  // import alone and does not pull the SDK into the handler's bundle.
  const fallback = packageName.join('/');
  return function loadSdk() {
    loading ??= importSdk<T>(bundledPath, fallback).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

async function importSdk<T>(bundledPath: string, fallback: string) {
  const here = import.meta.url;
  if (here.endsWith('.mjs')) {
    try {
      return (await import(
        /* @vite-ignore */ new URL(bundledPath, here).href
      )) as T;
    } catch (error) {
      // Built without the SDK entry point: fall back to the package.
      if ((error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') {
        throw error;
      }
    }
  }
  return (await import(/* @vite-ignore */ fallback)) as T;
}
