#!/usr/bin/env node
// `npm run build`: bundle every AWS::Serverless::Function of template.yaml
// whose Metadata says BuildMethod: esbuild, with exactly its BuildProperties,
// into dist/<LogicalId>/ — the same files `sam build` puts in
// .aws-sam/build/<LogicalId>/. Schemas are compiled by
// scripts/compile-schemas.ts and committed; this script only bundles.
//
// Usage: node scripts/build.ts [LogicalId ...]
import { relative } from 'node:path';
import { buildFunctions } from './lib/build.ts';
import { projectRoot } from './lib/template.ts';

const only = process.argv.slice(2);

try {
  const started = performance.now();
  const results = await buildFunctions({
    only: only.length > 0 ? only : undefined,
  });
  if (results.length === 0) {
    throw new Error(
      only.length > 0
        ? `no esbuild function named ${only.join(', ')} in template.yaml`
        : 'template.yaml has no function with BuildMethod: esbuild',
    );
  }
  const rows = results.flatMap((result) =>
    result.outputs.map((output) => [
      result.logicalId,
      relative(projectRoot, output.path),
      (output.bytes / 1024).toFixed(1),
    ]),
  );
  const header = ['function', 'output', 'KB'];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, i) =>
        i === 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(
    `built ${results.length} function(s) in ${Math.round(performance.now() - started)} ms`,
  );
} catch (error) {
  console.error(
    `build failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
