import type { Environment } from '../config.js';
import { readChoice } from '../config.js';

/** Log levels, lowest first. */
export const LogLevel = {
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
} as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

const RANK: Readonly<Record<LogLevel, number>> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

/** Where log lines go: stdout in Lambda (one JSON object a line). */
export type LogSink = (line: string) => void;

/** A structured JSON logger: one object a line, with `level` and `message`. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: object): void;
  enabled(level: LogLevel): boolean;
}

const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/**
 * Create a logger writing one JSON object per line. `LOG_LEVEL`
 * (debug, info, warn, error; default info) is read once here.
 *
 * @example
 * ```ts
 * const logger = createLogger(process.env, { function: 'transform' });
 * logger.log('warn', 'record failed', { recordId, reason });
 * ```
 */
export function createLogger(
  env: Environment,
  base: object,
  sink: LogSink = stdoutSink,
): Logger {
  const threshold =
    RANK[
      readChoice(
        env,
        'LOG_LEVEL',
        ['debug', 'info', 'warn', 'error'] as const,
        'info',
      )
    ];
  return {
    enabled: (level) => RANK[level] >= threshold,
    log(level, message, fields) {
      if (RANK[level] < threshold) return;
      sink(JSON.stringify({ level, message, ...base, ...fields }));
    },
  };
}
