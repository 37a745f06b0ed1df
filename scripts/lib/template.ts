// Reads template.yaml (CloudFormation short-form tags included) and resolves
// what a local run needs from it, the way `sam local invoke` does: Globals
// merged into each function, parameters from defaults or overrides, and the
// intrinsic functions evaluated against them.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, parse, type Tags, YAMLError } from 'yaml';

/** The project root (where template.yaml lives). */
export const projectRoot = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../..',
);

/** Default template path. */
export const defaultTemplatePath = resolve(projectRoot, 'template.yaml');

/**
 * Stack name used for `AWS::StackName` and for the physical names of other
 * resources: `Ref LateEventStream` resolves to `local-LateEventStream`.
 */
export const LOCAL_STACK_NAME = 'local';
export const LOCAL_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';

/** Raised for a problem with the template or with the user's overrides. */
export class TemplateError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TemplateError';
  }
}

/** One resource of a parsed template. */
export interface TemplateResource {
  Type: string;
  Condition?: string;
  Metadata?: Record<string, unknown>;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/** A parameter declaration (the keys a local run checks). */
export interface TemplateParameter {
  Type?: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  MinValue?: number;
  MaxValue?: number;
  [key: string]: unknown;
}

/** A parsed template (CloudFormation intrinsics in their long form). */
export type Template = {
  Parameters?: Record<string, TemplateParameter>;
  Globals?: { Function?: Record<string, unknown> };
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Resources?: Record<string, TemplateResource>;
  Outputs?: Record<string, unknown>;
  [key: string]: unknown;
};

/** A function's esbuild BuildProperties (as written in Metadata). */
export interface BuildProperties {
  EntryPoints?: string[];
  Format?: string;
  OutExtension?: string[];
  Target?: string;
  Minify?: boolean;
  Sourcemap?: boolean;
  Banner?: string[];
  [key: string]: unknown;
}

/** What a local invocation needs about one function. */
export interface FunctionDescription {
  logicalId: string;
  functionName: string;
  handler: string;
  handlerFile: string;
  handlerName: string;
  codeUri: string;
  runtime: string;
  timeoutSeconds: number;
  memoryMb: number;
  environment: Record<string, string>;
  buildMethod: string | undefined;
  buildProperties: BuildProperties;
  region: string;
  stackName: string;
}

/** A function of the template with Globals merged, before resolution. */
export interface TemplateFunction {
  logicalId: string;
  metadata: Record<string, unknown>;
  condition: string | undefined;
  properties: Record<string, unknown>;
}

/** Resolves intrinsic functions for a local run. */
export interface Resolver {
  resolve(value: unknown): unknown;
  condition(name: string): boolean;
  parameters: Record<string, string>;
  region: string;
  stackName: string;
}

/** Options of createResolver and describeFunction. */
export interface ResolverOptions {
  parameters?: Record<string, string> | undefined;
  region?: string | undefined;
  stackName?: string | undefined;
}

type Plain = Record<string, unknown>;

const SHORT_FORMS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  Sub: 'Fn::Sub',
  GetAtt: 'Fn::GetAtt',
  If: 'Fn::If',
  Join: 'Fn::Join',
  FindInMap: 'Fn::FindInMap',
  Select: 'Fn::Select',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Split: 'Fn::Split',
  Base64: 'Fn::Base64',
  ImportValue: 'Fn::ImportValue',
  GetAZs: 'Fn::GetAZs',
  Cidr: 'Fn::Cidr',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
};

/** `yaml` customTags for CloudFormation's short forms (`!Ref`, `!Sub`, …). */
export const cloudFormationTags: Tags = Object.entries(SHORT_FORMS).flatMap(
  ([short, long]): Tags => {
    const wrap = (value: unknown) => ({
      [long]:
        long === 'Fn::GetAtt' && typeof value === 'string'
          ? splitGetAtt(value)
          : value,
    });
    return [
      { tag: `!${short}`, resolve: (value: string) => wrap(value) },
      {
        tag: `!${short}`,
        collection: 'seq',
        resolve: (seq: unknown) => wrap(toPlain(seq)),
      },
      {
        tag: `!${short}`,
        collection: 'map',
        resolve: (map: unknown) => wrap(toPlain(map)),
      },
    ];
  },
);

function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  return dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

function toPlain(node: unknown): unknown {
  if (isSeq(node) || isMap(node)) return node.toJSON();
  return node;
}

/**
 * Parse a CloudFormation/SAM template from its YAML text.
 *
 * @example
 *   parseTemplate('Resources: { B: { Type: AWS::S3::Bucket } }');
 */
export function parseTemplate(text: string): Template {
  let template: unknown;
  try {
    template = parse(text, {
      customTags: cloudFormationTags,
      // Large templates repeat anchors; the default limit is fine but keep
      // merge keys off: CloudFormation does not support them.
      merge: false,
    });
  } catch (error) {
    if (!(error instanceof YAMLError)) throw error;
    throw new TemplateError(
      `the template is not valid YAML: ${error.message}`,
      {
        cause: error,
      },
    );
  }
  if (template === null || typeof template !== 'object') {
    throw new TemplateError('the template is not a YAML mapping');
  }
  return template as Template;
}

/** Read and parse a template file. */
export function readTemplate(path = defaultTemplatePath): Template {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TemplateError(`cannot read ${path}: ${messageOf(error)}`);
  }
  try {
    return parseTemplate(text);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    throw new TemplateError(`${path}: ${error.message}`, { cause: error });
  }
}

/**
 * The template's functions (`AWS::Serverless::Function`), by logical id,
 * with `Globals.Function` merged into their properties the way SAM does
 * (maps merged, lists appended after the globals, scalars replaced).
 */
export function listFunctions(
  template: Template,
): Record<string, TemplateFunction> {
  const globals = template.Globals?.Function ?? {};
  const functions: Record<string, TemplateFunction> = {};
  for (const [logicalId, resource] of Object.entries(
    template.Resources ?? {},
  )) {
    if (resource?.Type !== 'AWS::Serverless::Function') continue;
    functions[logicalId] = {
      logicalId,
      metadata: resource.Metadata ?? {},
      condition: resource.Condition,
      properties: mergeGlobals(globals, resource.Properties ?? {}) as Plain,
    };
  }
  return functions;
}

function mergeGlobals(globals: unknown, local: unknown): unknown {
  if (isPlainObject(globals) && isPlainObject(local)) {
    if (isIntrinsic(globals) || isIntrinsic(local)) return local;
    const out: Plain = { ...globals };
    for (const [key, value] of Object.entries(local)) {
      out[key] = key in globals ? mergeGlobals(globals[key], value) : value;
    }
    return out;
  }
  if (Array.isArray(globals) && Array.isArray(local))
    return [...globals, ...local];
  return local;
}

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIntrinsic(value: Plain): boolean {
  const keys = Object.keys(value);
  const key = keys[0];
  return (
    keys.length === 1 &&
    key !== undefined &&
    (key === 'Ref' || key === 'Condition' || key.startsWith('Fn::'))
  );
}

/**
 * Parameter values: each parameter's `Default`, then the overrides. An
 * override for an unknown parameter, or a parameter left without a value,
 * is an error (as in CloudFormation).
 */
export function resolveParameters(
  template: Template,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const declared = template.Parameters ?? {};
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in declared)) {
      throw new TemplateError(
        `unknown parameter ${name}; the template declares: ${Object.keys(declared).join(', ')}`,
      );
    }
    values[name] = String(value);
  }
  for (const [name, spec] of Object.entries(declared)) {
    if (name in values) continue;
    if (spec?.Default === undefined) {
      throw new TemplateError(
        `parameter ${name} has no Default: pass --parameter-overrides ${name}=…`,
      );
    }
    values[name] = Array.isArray(spec.Default)
      ? spec.Default.join(',')
      : String(spec.Default);
  }
  for (const [name, value] of Object.entries(values)) {
    checkParameter(name, value, declared[name]);
  }
  return values;
}

function checkParameter(
  name: string,
  value: string,
  spec: TemplateParameter | undefined,
): void {
  const allowed = spec?.AllowedValues?.map(String);
  if (allowed !== undefined && !allowed.includes(value)) {
    throw new TemplateError(
      `parameter ${name}=${JSON.stringify(value)} is not one of ${allowed.join(', ')}`,
    );
  }
  if (
    spec?.AllowedPattern !== undefined &&
    !new RegExp(`^(?:${spec.AllowedPattern})$`).test(value)
  ) {
    throw new TemplateError(
      `parameter ${name}=${JSON.stringify(value)} does not match ${spec.AllowedPattern}`,
    );
  }
  if (spec?.Type === 'Number') {
    const number = Number(value);
    if (value.trim() === '' || Number.isNaN(number)) {
      throw new TemplateError(
        `parameter ${name}=${JSON.stringify(value)} is not a number`,
      );
    }
    if (
      (spec.MinValue !== undefined && number < spec.MinValue) ||
      (spec.MaxValue !== undefined && number > spec.MaxValue)
    ) {
      throw new TemplateError(
        `parameter ${name}=${value} is outside ${spec.MinValue ?? '-∞'}..${spec.MaxValue ?? '∞'}`,
      );
    }
  }
}

/**
 * A resolver of intrinsic functions for a local run. Parameters come from
 * `parameters`; pseudo parameters are local (`AWS::StackName` = `local`,
 * region from `region`); a Ref to another resource gives a plausible
 * physical name, `<stack>-<LogicalId>` (a function's name is its logical
 * id, as in `sam local invoke`); GetAtt `.Arn` gives a matching ARN.
 */
export function createResolver(
  template: Template,
  options: ResolverOptions = {},
): Resolver {
  const parameters = options.parameters ?? resolveParameters(template);
  const region = options.region ?? DEFAULT_REGION;
  const stackName = options.stackName ?? LOCAL_STACK_NAME;
  const accountId = LOCAL_ACCOUNT_ID;
  const resources = template.Resources ?? {};
  const conditions = template.Conditions ?? {};
  const conditionCache = new Map<string, boolean | undefined>();

  const pseudo: Record<string, unknown> = {
    'AWS::Region': region,
    'AWS::AccountId': accountId,
    'AWS::StackName': stackName,
    'AWS::StackId': `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/00000000-0000-0000-0000-000000000000`,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::NotificationARNs': [],
  };

  function physicalName(logicalId: string): string {
    const resource = resources[logicalId];
    const explicit = NAME_PROPERTIES.map(
      (key) => resource?.Properties?.[key],
    ).find((value) => value !== undefined);
    if (explicit !== undefined) return String(resolveValue(explicit));
    const type = resource?.Type;
    if (
      type === 'AWS::Serverless::Function' ||
      type === 'AWS::Lambda::Function'
    )
      return logicalId;
    return `${stackName}-${logicalId}`;
  }

  function ref(name: string): unknown {
    if (name in parameters) {
      // As in CloudFormation, a list parameter is a list ("" gives [""]).
      const value = parameters[name] as string;
      const type = template.Parameters?.[name]?.Type;
      return type === 'CommaDelimitedList' ? value.split(',') : value;
    }
    if (name in pseudo) return pseudo[name];
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in resources) return physicalName(name);
    throw new TemplateError(`Ref to unknown name ${name}`);
  }

  function getAtt(logicalId: string, attribute: string): string {
    const type = resources[logicalId]?.Type;
    if (type === undefined)
      throw new TemplateError(`GetAtt on unknown resource ${logicalId}`);
    const name = physicalName(logicalId);
    if (attribute !== 'Arn') return `${name}.${attribute}`;
    switch (type) {
      case 'AWS::Serverless::Function':
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
      case 'AWS::KinesisFirehose::DeliveryStream':
        return `arn:aws:firehose:${region}:${accountId}:deliverystream/${name}`;
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name.toLowerCase()}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${accountId}:role/${name}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${region}:${accountId}:log-group:${name}:*`;
      default:
        return `arn:aws:${type.split('::')[1]?.toLowerCase()}:${region}:${accountId}:${name}`;
    }
  }

  function condition(name: string): boolean {
    if (conditionCache.has(name)) {
      const cached = conditionCache.get(name);
      if (cached === undefined)
        throw new TemplateError(`condition ${name} refers to itself`);
      return cached;
    }
    if (!(name in conditions))
      throw new TemplateError(`unknown condition ${name}`);
    conditionCache.set(name, undefined); // cycle guard
    const value = resolveValue(conditions[name]);
    if (typeof value !== 'boolean')
      throw new TemplateError(`condition ${name} is not a boolean`);
    conditionCache.set(name, value);
    return value;
  }

  function sub(text: string, variables: Plain = {}): string {
    return text.replace(/\$\{([^}]*)\}/g, (_whole, expression: string) => {
      if (expression.startsWith('!')) return `\${${expression.slice(1)}}`;
      const name = expression.trim();
      if (name in variables) return String(resolveValue(variables[name]));
      const dot = name.indexOf('.');
      if (dot !== -1 && !(name in parameters) && !(name in pseudo)) {
        return String(getAtt(name.slice(0, dot), name.slice(dot + 1)));
      }
      return String(ref(name));
    });
  }

  function findInMap([mapName, key1, key2]: unknown[]): unknown {
    const map = template.Mappings?.[String(resolveValue(mapName))];
    const top = map?.[String(resolveValue(key1))];
    const value = top?.[String(resolveValue(key2))];
    if (value === undefined) {
      throw new TemplateError(
        `FindInMap [${resolveValue(mapName)}, ${resolveValue(key1)}, ${resolveValue(key2)}] has no value`,
      );
    }
    return value;
  }

  function resolveIntrinsic(key: string, argument: unknown): unknown {
    const list = (): unknown[] => {
      if (!Array.isArray(argument))
        throw new TemplateError(`${key} needs a list`);
      return argument;
    };
    switch (key) {
      case 'Ref':
        return ref(String(argument));
      case 'Condition':
        return condition(String(argument));
      case 'Fn::Sub':
        return Array.isArray(argument)
          ? sub(String(argument[0]), (argument[1] ?? {}) as Plain)
          : sub(String(argument));
      case 'Fn::GetAtt': {
        const [id, ...attribute] = Array.isArray(argument)
          ? argument.map(String)
          : splitGetAtt(String(argument));
        return getAtt(String(id), attribute.join('.'));
      }
      case 'Fn::If': {
        const [name, whenTrue, whenFalse] = list();
        return resolveValue(condition(String(name)) ? whenTrue : whenFalse);
      }
      case 'Fn::Equals': {
        const [a, b] = list().map(resolveValue);
        return JSON.stringify(a) === JSON.stringify(b);
      }
      case 'Fn::Not':
        return !resolveValue(list()[0]);
      case 'Fn::And':
        return list().every((item) => resolveValue(item) === true);
      case 'Fn::Or':
        return list().some((item) => resolveValue(item) === true);
      case 'Fn::Join': {
        const [separator, items] = list();
        return resolvedList(items)
          .filter((item) => item !== NO_VALUE)
          .join(String(separator));
      }
      case 'Fn::Select': {
        const [index, items] = list();
        return resolvedList(items)[Number(resolveValue(index))];
      }
      case 'Fn::Split': {
        const [separator, source] = list();
        return String(resolveValue(source)).split(String(separator));
      }
      case 'Fn::FindInMap':
        return findInMap(list());
      case 'Fn::Base64':
        return Buffer.from(String(resolveValue(argument))).toString('base64');
      case 'Fn::ImportValue':
        return `imported-${resolveValue(argument)}`;
      case 'Fn::ToJsonString':
        return JSON.stringify(resolveValue(argument));
      case 'Fn::Length':
        return resolvedList(argument).length;
      default:
        throw new TemplateError(`unsupported intrinsic function ${key}`);
    }
  }

  function resolvedList(value: unknown): unknown[] {
    const resolved = resolveValue(value);
    if (!Array.isArray(resolved))
      throw new TemplateError(`${JSON.stringify(value)} is not a list`);
    return resolved;
  }

  function resolveValue(value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map(resolveValue).filter((item) => item !== NO_VALUE);
    }
    if (isPlainObject(value)) {
      const keys = Object.keys(value);
      const key = keys[0];
      if (key !== undefined && isIntrinsic(value)) {
        return resolveIntrinsic(key, value[key]);
      }
      const out: Plain = {};
      for (const key of keys) {
        const item = resolveValue(value[key]);
        if (item !== NO_VALUE) out[key] = item;
      }
      return out;
    }
    return value;
  }

  return { resolve: resolveValue, condition, parameters, region, stackName };
}

const NO_VALUE = Symbol('AWS::NoValue');

/** Properties that set a resource's physical name when present. */
const NAME_PROPERTIES = [
  'FunctionName',
  'DeliveryStreamName',
  'BucketName',
  'LogGroupName',
  'RoleName',
  'StreamName',
  'QueueName',
  'TopicName',
  'TableName',
];

/**
 * Everything a local invocation needs about one function: its handler,
 * code location, timeout, memory and environment (template values,
 * resolved, as strings).
 *
 * @example
 *   describeFunction(readTemplate(), 'TransformFunction').environment.LOG_LEVEL;
 */
export function describeFunction(
  template: Template,
  logicalId: string,
  options: ResolverOptions = {},
): FunctionDescription {
  const functions = listFunctions(template);
  const fn = functions[logicalId];
  if (fn === undefined) {
    const names = Object.keys(functions);
    throw new TemplateError(
      `no function ${logicalId} in the template; functions: ${names.join(', ') || '(none)'}`,
    );
  }
  const resolver = createResolver(template, options);
  const properties = resolver.resolve(fn.properties) as {
    Handler?: unknown;
    Environment?: { Variables?: Plain };
    FunctionName?: unknown;
    CodeUri?: unknown;
    Runtime?: unknown;
    Timeout?: unknown;
    MemorySize?: unknown;
  };
  const handler = String(properties.Handler ?? '');
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) {
    throw new TemplateError(
      `${logicalId}: Handler ${JSON.stringify(handler)} is not <file>.<export>`,
    );
  }
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(
    properties.Environment?.Variables ?? {},
  )) {
    environment[name] = stringifyEnvValue(value);
  }
  const functionName = String(properties.FunctionName ?? logicalId);
  return {
    logicalId,
    functionName,
    handler,
    handlerFile: handler.slice(0, dot),
    handlerName: handler.slice(dot + 1),
    codeUri: resolve(projectRoot, String(properties.CodeUri ?? '.')),
    runtime: String(properties.Runtime ?? ''),
    timeoutSeconds: Number(properties.Timeout ?? 3),
    memoryMb: Number(properties.MemorySize ?? 128),
    environment,
    buildMethod:
      typeof fn.metadata.BuildMethod === 'string'
        ? fn.metadata.BuildMethod
        : undefined,
    buildProperties: (fn.metadata.BuildProperties ?? {}) as BuildProperties,
    region: resolver.region,
    stackName: resolver.stackName,
  };
}

function stringifyEnvValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Apply a SAM `--env-vars` document: `{ "Parameters": {…}, "<LogicalId>":
 * {…} }`. The function's own section wins over `Parameters`; like SAM, only
 * variables declared in the template's Environment are overridden, others
 * are ignored (and reported in `ignored`).
 *
 * @example
 *   applyEnvVars({ LOG_LEVEL: 'info' }, { Parameters: { LOG_LEVEL: 'debug' } }, 'TransformFunction');
 */
export function applyEnvVars(
  environment: Record<string, string>,
  envVars: unknown,
  logicalId: string,
): { environment: Record<string, string>; ignored: string[] } {
  if (!isPlainObject(envVars)) {
    throw new TemplateError(
      'the --env-vars file must hold a JSON object like {"Parameters": {…}, "<LogicalId>": {…}}',
    );
  }
  const out = { ...environment };
  const ignored: string[] = [];
  for (const section of ['Parameters', logicalId]) {
    const values = envVars[section];
    if (values === undefined) continue;
    if (!isPlainObject(values)) {
      throw new TemplateError(
        `--env-vars: "${section}" must be an object of variable names to values`,
      );
    }
    for (const [name, value] of Object.entries(values)) {
      if (!(name in environment)) {
        ignored.push(name);
        continue;
      }
      if (
        typeof value !== 'string' &&
        typeof value !== 'number' &&
        typeof value !== 'boolean'
      ) {
        throw new TemplateError(
          `--env-vars: ${section}.${name} must be a string, number or boolean`,
        );
      }
      out[name] = String(value);
    }
  }
  return { environment: out, ignored: [...new Set(ignored)] };
}

/** The message of a caught value (an Error's, or the value as text). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
