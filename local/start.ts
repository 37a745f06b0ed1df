#!/usr/bin/env node
// `npm start`: the local Firehose (local/). `npm start -- --help`
// for the options.
import { registerSharedModules } from './sharedModules.ts';

// shared/commit is loaded at run time: its `.js` imports need the hook
// before the local Firehose's modules load.
registerSharedModules();
const { runStart } = await import('./startCommand.ts');

runStart(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
