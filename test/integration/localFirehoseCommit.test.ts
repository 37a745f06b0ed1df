import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../local/localFirehose.ts';
import { RUN_MARKER } from '../../local/objectSinks.ts';
import type { Manifest } from '../../shared/commit/manifest.js';

const root = new URL('../..', import.meta.url).pathname;
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'local-firehose-commit-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** `npm start` as a user runs it: Node's type stripping, no Vitest resolver. */
function npmStart(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['local/start.ts', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every file under `folder`, by key (the run marker left out). */
function filesOf(folder: string): string[] {
  return readdirSync(folder, { recursive: true })
    .map(String)
    .filter((name) => name !== RUN_MARKER)
    .filter((name) => statSync(join(folder, name)).isFile())
    .map((name) => name.split('\\').join('/'))
    .sort();
}

describe('npm start: partition commit', () => {
  it('ends with a _SUCCESS manifest listing exactly the objects of every touched partition', async () => {
    // Prepare
    const out = join(scratch, 'run');

    // Act
    const run = await npmStart(['--records', '400', '--out', out, '--json']);

    // Assess
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as RunReport;
    const events = report.streams.find((s) => s.logicalId === 'EventStream');
    const late = report.streams.find((s) => s.logicalId === 'LateEventStream');
    expect(late?.committed).toBeNull();
    const files = filesOf(out);
    const manifests = files.filter((key) => key.endsWith('/_SUCCESS'));
    expect(manifests.length).toBeGreaterThan(0);
    expect(events?.committed).toBe(manifests.length);
    expect(events?.uncommitted).toEqual([]);
    expect(report.warnings).toEqual([]);
    // Every folder of data objects under events/ is committed.
    const dataFolders = new Set(
      files
        .filter((key) => key.startsWith('events/') && !key.endsWith('_SUCCESS'))
        .map((key) => `${dirname(key)}/`),
    );
    expect(dataFolders.size).toBeGreaterThan(0);
    for (const folder of dataFolders)
      expect(manifests).toContain(`${folder}_SUCCESS`);
    // Each manifest lists what is in its folder: keys, sizes, MD5 ETags.
    for (const key of manifests) {
      const manifest = JSON.parse(
        readFileSync(join(out, key), 'utf8'),
      ) as Manifest;
      const folder = key.slice(0, -'_SUCCESS'.length);
      expect(manifest.prefix).toBe(folder);
      const inFolder = files.filter(
        (file) =>
          file.startsWith(folder) &&
          file !== key &&
          !relative(folder, file).includes('/'),
      );
      expect(manifest.objects.map((o) => o.key)).toEqual(inFolder);
      for (const object of manifest.objects) {
        const body = readFileSync(join(out, object.key));
        expect(object.size).toBe(body.length);
        expect(object.etag).toBe(
          `"${createHash('md5').update(body).digest('hex')}"`,
        );
      }
      expect(manifest.objectCount).toBe(inFolder.length);
      expect(manifest.bytes).toBe(
        manifest.objects.reduce((sum, o) => sum + o.size, 0),
      );
      expect(manifest.deliveryStream).toBe('local-EventStream');
      expect(manifest.allowedLatenessMs).toBe(3_600_000);
      // Committed on the schedule (rate(5 minutes)) of the simulated
      // clock, once the watermark passed end + lateness.
      expect(Date.parse(manifest.committedAt) % 300_000).toBe(0);
      expect(Date.parse(manifest.watermark)).toBeGreaterThan(
        Date.parse(manifest.window.end) + manifest.allowedLatenessMs,
      );
      expect(Date.parse(manifest.committedAt)).toBeGreaterThanOrEqual(
        Date.parse(manifest.watermark),
      );
    }
    const nonEmpty = manifests.filter((key) =>
      dataFolders.has(key.slice(0, -'_SUCCESS'.length)),
    );
    expect(nonEmpty.length).toBeGreaterThan(0);
  });

  it('shows the committed column in the table', async () => {
    // Act
    const run = await npmStart([
      '--records',
      '50',
      '--out',
      join(scratch, 'table'),
    ]);

    // Assess
    expect(run.code).toBe(0);
    const header = run.stdout
      .split('\n')
      .find((line) => line.startsWith('stream '));
    expect(header).toMatch(/bytes\s+committed$/);
    expect(run.stdout).toMatch(/^EventStream .* \d+$/m);
    expect(run.stdout).toMatch(/^LateEventStream .* -$/m);
  });
});
