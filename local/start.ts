#!/usr/bin/env node
// `npm start`: the local Firehose (local/). `npm start -- --help`
// for the options.
import { runStart } from './startCommand.ts';

runStart(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
