import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds the bundles once (only when stale) before any test file runs:
    // the integration tests run the real dist/ output.
    globalSetup: ['test/integration/globalSetup.ts'],
    // Integration tests start child processes (bundles, cfn-lint).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
