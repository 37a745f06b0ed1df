// Lets Node's own type stripping load shared/ at run time. shared/ imports
// its siblings with `.js` suffixes (NodeNext, as esbuild bundles them for
// Lambda), files Node cannot find next to the `.ts` sources; this resolve
// hook retries such a specifier with `.ts` when the `.js` file is missing.
// startLocalFirehose registers it before it loads shared/commit, so every
// entry point (`npm start`, `npm run invoke`, the bench) can; under Vitest,
// which resolves the suffixes itself, it never has to act.
import { registerHooks } from 'node:module';

let registered = false;

/**
 * Register the hook once (idempotent).
 *
 * @example
 *   registerSharedModules();
 *   const { findCommitFunctions } = await import('./commit/partitionCommitter.ts');
 */
export function registerSharedModules(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ERR_MODULE_NOT_FOUND' || !specifier.endsWith('.js'))
          throw error;
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      }
    },
  });
}
