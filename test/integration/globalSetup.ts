import { buildFunctions } from '../../scripts/lib/build.ts';

/**
 * Vitest global setup: build the template's functions into dist/ when a
 * bundle is missing or older than its sources (`npm test` has just built
 * them, so this is usually a no-op).
 */
export default async function buildBundles(): Promise<void> {
  await buildFunctions({ onlyStale: true });
}
