import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/lib/template.ts';

interface Run {
  code: number | null;
  output: string;
}

/** The PATH without node_modules/.bin: npm on the machine's own Node. */
const systemPath = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((folder) => !folder.includes('node_modules'))
  .join(delimiter);

function npm(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      args,
      {
        cwd,
        env: { PATH: systemPath, HOME: process.env.HOME },
        encoding: 'utf8',
        timeout: 120_000,
      },
      (error, stdout, stderr) =>
        resolve({
          code:
            error === null
              ? 0
              : typeof error.code === 'number'
                ? error.code
                : 1,
          output: stdout + stderr,
        }),
    );
  });
}

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'node-versions-'));
  for (const file of ['package.json', 'package-lock.json', '.npmrc'])
    copyFileSync(join(projectRoot, file), join(scratch, file));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('Node versions', () => {
  it('installs quietly with the machine npm (no EBADENGINE)', async () => {
    // Act
    const run = await npm(
      ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'],
      scratch,
    );

    // Assess
    expect(run.code).toBe(0);
    expect(run.output).not.toContain('EBADENGINE');
    expect(run.output).not.toContain('npm warn');
  });

  it('runs npm scripts on Node 22 from the node devDependency', async () => {
    // Prepare
    const pkg = JSON.parse(
      readFileSync(join(projectRoot, 'package.json'), 'utf8'),
    ) as { devDependencies: Record<string, string> };

    // Act
    const run = await npm(
      ['exec', '--offline', '--', 'node', '--version'],
      projectRoot,
    );

    // Assess
    expect(run.code).toBe(0);
    expect(run.output.trim()).toBe(`v${pkg.devDependencies.node}`);
    expect(process.versions.node.split('.')[0]).toBe('22');
  });
});
