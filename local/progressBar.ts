// A one-line progress bar on stderr (records, records/s, elapsed) for long
// inputs; silent when stderr is not a terminal or under CI.
import { count, duration } from './formatUnits.ts';

const REDRAW_MS = 100;

/**
 * @param options
 * @param [options.total] records expected (bar + percentage when known)
 * @param [options.stream] default process.stderr
 * @example
 *   const progress = createProgressBar({ total: records.length });
 *   progress.update(done); … progress.finish();
 */
export function createProgressBar({
  total,
  stream = process.stderr,
}: {
  total?: number | undefined;
  stream?: NodeJS.WriteStream;
} = {}) {
  const enabled =
    stream.isTTY === true && !process.env.CI && process.env.TERM !== 'dumb';
  const started = performance.now();
  let lastDraw = 0;
  let drawn = false;
  function draw(done: number): void {
    const elapsed = performance.now() - started;
    const rate = elapsed > 0 ? Math.round((done * 1000) / elapsed) : 0;
    let bar = '';
    if (total !== undefined && total > 0) {
      const width = 24;
      const filled = Math.round((width * Math.min(done, total)) / total);
      bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor((100 * done) / total)}% `;
    }
    stream.write(
      `\r${bar}${count(done)}${total === undefined ? '' : `/${count(total)}`} records  ${count(rate)} rec/s  ${duration(elapsed)}\x1b[K`,
    );
    drawn = true;
  }
  return {
    update(done: number): void {
      if (!enabled) return;
      const now = performance.now();
      if (now - lastDraw < REDRAW_MS) return;
      lastDraw = now;
      draw(done);
    },
    finish(): void {
      if (enabled && drawn) stream.write('\r\x1b[K');
    },
  };
}
