#!/usr/bin/env node
// `npm run event -- <firehose|cloudwatch-logs> [options]`: reproducible,
// realistic Firehose transformation events for `npm run invoke` and tests
// (what `sam local generate-event` does, with the cases that matter).
import { runGenerateEvents } from './generateEventsCommand.ts';

process.exitCode = runGenerateEvents(process.argv.slice(2));
