import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('compiled schemas', () => {
  it('are up to date with schemas/ (run npm run schemas after editing one)', () => {
    // Act
    const output = execFileSync(
      process.execPath,
      ['scripts/compile-schemas.ts', '--check'],
      { encoding: 'utf8' },
    );

    // Assess
    expect(output).toMatch(/compiled schemas up to date \(\d+\)/);
  });
});
