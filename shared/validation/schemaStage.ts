import { type Environment, readChoice, readString } from '../config.js';
import { ConfigurationError } from '../errors.js';
import { DropReason, FailureReason } from '../firehose/reasons.js';
import { dropped, failed } from '../firehose/verdicts.js';
import type { LineStage } from '../pipeline/lineStages.js';
import { type CompiledValidator, validators } from './schemas.generated.js';

/** What happens to a record whose JSON fails the schema. */
export const OnInvalid = { fail: 'fail', drop: 'drop' } as const;
export type OnInvalid = (typeof OnInvalid)[keyof typeof OnInvalid];

/** Schema validation settings, read once at init. */
export interface SchemaConfig {
  /** Schema name (file name in `schemas/` without `.json`); '' for none. */
  readonly schema: string;
  readonly onInvalid: OnInvalid;
}

/**
 * Read `RECORD_SCHEMA` and `ON_INVALID`. An unknown schema name fails at
 * init with the list of schemas compiled into the bundle.
 *
 * @throws ConfigurationError
 * @example
 * ```ts
 * readSchemaConfig({ RECORD_SCHEMA: 'order' }); // { schema: 'order', onInvalid: 'fail' }
 * ```
 */
export function readSchemaConfig(env: Environment): SchemaConfig {
  const schema = readString(env, 'RECORD_SCHEMA', '').replace(/\.json$/, '');
  if (schema !== '' && !Object.hasOwn(validators, schema)) {
    const names = Object.keys(validators);
    throw new ConfigurationError(
      'RECORD_SCHEMA',
      schema,
      `empty (no validation) or one of the schemas compiled from schemas/: ${names.join(', ') || '(none)'}`,
    );
  }
  const onInvalid = readChoice(
    env,
    'ON_INVALID',
    [OnInvalid.fail, OnInvalid.drop] as const,
    OnInvalid.fail,
  );
  return { schema, onInvalid };
}

/**
 * A line stage validating each JSON line against a schema compiled at build
 * time. Invalid lines fail the record (`schema-mismatch`) or, with
 * `ON_INVALID=drop`, are dropped; the first validation error is logged.
 * Returns `undefined` when no schema is configured.
 *
 * @example
 * ```ts
 * const stage = createSchemaStage({ schema: 'order', onInvalid: 'fail' });
 * ```
 */
export function createSchemaStage(config: SchemaConfig): LineStage | undefined {
  if (config.schema === '') return undefined;
  const validate = validators[config.schema] as CompiledValidator;
  const drop = config.onInvalid === OnInvalid.drop;
  return function validateAgainstSchema(line) {
    if (validate(line.value)) return line;
    const first = validate.errors?.[0];
    const where = first?.instancePath === '' ? '/' : first?.instancePath;
    const detail = `${where ?? '/'} ${first?.message ?? 'is invalid'} (schema ${config.schema})`;
    return drop
      ? dropped(DropReason.schemaMismatch, detail)
      : failed(FailureReason.schemaMismatch, detail);
  };
}
