import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { RUN_MARKER } from '../../local/objectSinks.ts';
import { isHiddenKey } from '../../shared/commit/manifest.js';
import type { FirehoseErrorRecord } from '../../shared/firehose/errorRecord.js';

/** One object the local Firehose wrote: its key and (gunzipped) text. */
export interface LocalObject {
  readonly key: string;
  readonly text: string;
}

/** An error record as Firehose writes it under the error prefix. */
export type ErrorRecord = FirehoseErrorRecord;

/**
 * Every data object under `folder`, by key: the run marker and the
 * partitions' `_SUCCESS` manifests left out, as Athena leaves them out.
 */
export function readObjects(folder: string): LocalObject[] {
  const objects: LocalObject[] = [];
  for (const name of readdirSync(folder, { recursive: true })) {
    const path = join(folder, String(name));
    if (!statSync(path).isFile() || String(name) === RUN_MARKER) continue;
    if (isHiddenKey(String(name))) continue;
    const body = readFileSync(path);
    objects.push({
      key: relative(folder, path).split('\\').join('/'),
      text: (path.endsWith('.gz') ? gunzipSync(body) : body).toString('utf8'),
    });
  }
  return objects.sort((a, b) => a.key.localeCompare(b.key));
}

/** The key without its random parts (object UUID, random-string). */
export function stableKey(key: string): string {
  return key.replace(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
    '<uuid>',
  );
}

/** The non-empty lines of an object. */
export function linesOf(object: LocalObject): string[] {
  return object.text.split('\n').filter((line) => line !== '');
}

/** The error records of the objects under `prefix`. */
export function errorRecords(
  objects: readonly LocalObject[],
  prefix: string,
): ErrorRecord[] {
  return objects
    .filter((object) => object.key.startsWith(prefix))
    .flatMap((object) =>
      linesOf(object).map((line) => JSON.parse(line) as ErrorRecord),
    );
}

/** Decode an error record's rawData. */
export function rawText(record: ErrorRecord): string {
  return Buffer.from(record.rawData, 'base64').toString('utf8');
}
