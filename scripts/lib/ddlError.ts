// The error of npm run ddl.

/** A schema or prefix the DDL cannot be written for. */
export class DdlError extends Error {
  override name = 'DdlError';
}
