#!/usr/bin/env node
// `npm start`: the local Firehose (scripts/local/). `npm start -- --help`
// for the options.
import { runStart } from './local/startCommand.mjs';

runStart(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
