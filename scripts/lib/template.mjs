// Reads template.yaml (CloudFormation short-form tags included) and resolves
// what a local run needs from it, the way `sam local invoke` does: Globals
// merged into each function, parameters from defaults or overrides, and the
// intrinsic functions evaluated against them.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, parse } from 'yaml';

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
  constructor(message) {
    super(message);
    this.name = 'TemplateError';
  }
}

const SHORT_FORMS = {
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
export const cloudFormationTags = Object.entries(SHORT_FORMS).flatMap(
  ([short, long]) => {
    const wrap = (value) => ({
      [long]:
        long === 'Fn::GetAtt' && typeof value === 'string'
          ? splitGetAtt(value)
          : value,
    });
    return [
      { tag: `!${short}`, resolve: (value) => wrap(value) },
      {
        tag: `!${short}`,
        collection: 'seq',
        resolve: (seq) => wrap(toPlain(seq)),
      },
      {
        tag: `!${short}`,
        collection: 'map',
        resolve: (map) => wrap(toPlain(map)),
      },
    ];
  },
);

function splitGetAtt(value) {
  const dot = value.indexOf('.');
  return dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

function toPlain(node) {
  if (isSeq(node) || isMap(node)) return node.toJSON();
  return node;
}

/**
 * Parse a CloudFormation/SAM template from its YAML text.
 *
 * @example
 *   parseTemplate('Resources: { B: { Type: AWS::S3::Bucket } }');
 */
export function parseTemplate(text) {
  const template = parse(text, {
    customTags: cloudFormationTags,
    // Large templates repeat anchors; the default limit is fine but keep
    // merge keys off: CloudFormation does not support them.
    merge: false,
  });
  if (template === null || typeof template !== 'object') {
    throw new TemplateError('the template is not a YAML mapping');
  }
  return template;
}

/** Read and parse a template file. */
export function readTemplate(path = defaultTemplatePath) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TemplateError(`cannot read ${path}: ${error.message}`);
  }
  return parseTemplate(text);
}

/**
 * The template's functions (`AWS::Serverless::Function`), by logical id,
 * with `Globals.Function` merged into their properties the way SAM does
 * (maps merged, lists appended after the globals, scalars replaced).
 */
export function listFunctions(template) {
  const globals = template.Globals?.Function ?? {};
  const functions = {};
  for (const [logicalId, resource] of Object.entries(
    template.Resources ?? {},
  )) {
    if (resource?.Type !== 'AWS::Serverless::Function') continue;
    functions[logicalId] = {
      logicalId,
      metadata: resource.Metadata ?? {},
      condition: resource.Condition,
      properties: mergeGlobals(globals, resource.Properties ?? {}),
    };
  }
  return functions;
}

function mergeGlobals(globals, local) {
  if (isPlainObject(globals) && isPlainObject(local)) {
    if (isIntrinsic(globals) || isIntrinsic(local)) return local;
    const out = { ...globals };
    for (const [key, value] of Object.entries(local)) {
      out[key] = key in globals ? mergeGlobals(globals[key], value) : value;
    }
    return out;
  }
  if (Array.isArray(globals) && Array.isArray(local))
    return [...globals, ...local];
  return local;
}

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIntrinsic(value) {
  const keys = Object.keys(value);
  return (
    keys.length === 1 &&
    (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'))
  );
}

/**
 * Parameter values: each parameter's `Default`, then the overrides. An
 * override for an unknown parameter, or a parameter left without a value,
 * is an error (as in CloudFormation).
 */
export function resolveParameters(template, overrides = {}) {
  const declared = template.Parameters ?? {};
  const values = {};
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

function checkParameter(name, value, spec) {
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
export function createResolver(template, options = {}) {
  const parameters = options.parameters ?? resolveParameters(template);
  const region = options.region ?? DEFAULT_REGION;
  const stackName = options.stackName ?? LOCAL_STACK_NAME;
  const accountId = LOCAL_ACCOUNT_ID;
  const resources = template.Resources ?? {};
  const conditions = template.Conditions ?? {};
  const conditionCache = new Map();

  const pseudo = {
    'AWS::Region': region,
    'AWS::AccountId': accountId,
    'AWS::StackName': stackName,
    'AWS::StackId': `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/00000000-0000-0000-0000-000000000000`,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::NotificationARNs': [],
  };

  function physicalName(logicalId) {
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

  function ref(name) {
    if (name in parameters) {
      // As in CloudFormation, a list parameter is a list ("" gives [""]).
      const type = template.Parameters?.[name]?.Type;
      return type === 'CommaDelimitedList'
        ? parameters[name].split(',')
        : parameters[name];
    }
    if (name in pseudo) return pseudo[name];
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in resources) return physicalName(name);
    throw new TemplateError(`Ref to unknown name ${name}`);
  }

  function getAtt(logicalId, attribute) {
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

  function condition(name) {
    if (conditionCache.has(name)) return conditionCache.get(name);
    if (!(name in conditions))
      throw new TemplateError(`unknown condition ${name}`);
    conditionCache.set(name, undefined); // cycle guard
    const value = resolveValue(conditions[name]);
    if (typeof value !== 'boolean')
      throw new TemplateError(`condition ${name} is not a boolean`);
    conditionCache.set(name, value);
    return value;
  }

  function sub(template, variables = {}) {
    return template.replace(/\$\{([^}]*)\}/g, (_whole, expression) => {
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

  function findInMap([mapName, key1, key2]) {
    const map = template.Mappings?.[resolveValue(mapName)];
    const top = map?.[resolveValue(key1)];
    const value = top?.[resolveValue(key2)];
    if (value === undefined) {
      throw new TemplateError(
        `FindInMap [${resolveValue(mapName)}, ${resolveValue(key1)}, ${resolveValue(key2)}] has no value`,
      );
    }
    return value;
  }

  function resolveIntrinsic(key, argument) {
    switch (key) {
      case 'Ref':
        return ref(argument);
      case 'Condition':
        return condition(argument);
      case 'Fn::Sub':
        return Array.isArray(argument)
          ? sub(argument[0], argument[1])
          : sub(argument);
      case 'Fn::GetAtt': {
        const [id, ...attribute] = Array.isArray(argument)
          ? argument
          : splitGetAtt(argument);
        return getAtt(id, attribute.join('.'));
      }
      case 'Fn::If': {
        const [name, whenTrue, whenFalse] = argument;
        return resolveValue(condition(name) ? whenTrue : whenFalse);
      }
      case 'Fn::Equals': {
        const [a, b] = argument.map(resolveValue);
        return JSON.stringify(a) === JSON.stringify(b);
      }
      case 'Fn::Not':
        return !resolveValue(argument[0]);
      case 'Fn::And':
        return argument.every((item) => resolveValue(item) === true);
      case 'Fn::Or':
        return argument.some((item) => resolveValue(item) === true);
      case 'Fn::Join': {
        const [separator, list] = argument;
        return resolveValue(list)
          .filter((item) => item !== NO_VALUE)
          .join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = argument;
        return resolveValue(list)[Number(resolveValue(index))];
      }
      case 'Fn::Split': {
        const [separator, source] = argument;
        return String(resolveValue(source)).split(separator);
      }
      case 'Fn::FindInMap':
        return findInMap(argument);
      case 'Fn::Base64':
        return Buffer.from(String(resolveValue(argument))).toString('base64');
      case 'Fn::ImportValue':
        return `imported-${resolveValue(argument)}`;
      case 'Fn::ToJsonString':
        return JSON.stringify(resolveValue(argument));
      case 'Fn::Length':
        return resolveValue(argument).length;
      default:
        throw new TemplateError(`unsupported intrinsic function ${key}`);
    }
  }

  function resolveValue(value) {
    if (Array.isArray(value)) {
      return value.map(resolveValue).filter((item) => item !== NO_VALUE);
    }
    if (isPlainObject(value)) {
      const keys = Object.keys(value);
      if (isIntrinsic(value)) {
        const key = keys[0];
        return resolveIntrinsic(key, value[key]);
      }
      const out = {};
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
export function describeFunction(template, logicalId, options = {}) {
  const functions = listFunctions(template);
  const fn = functions[logicalId];
  if (fn === undefined) {
    const names = Object.keys(functions);
    throw new TemplateError(
      `no function ${logicalId} in the template; functions: ${names.join(', ') || '(none)'}`,
    );
  }
  const resolver = createResolver(template, options);
  const properties = resolver.resolve(fn.properties);
  const handler = String(properties.Handler ?? '');
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) {
    throw new TemplateError(
      `${logicalId}: Handler ${JSON.stringify(handler)} is not <file>.<export>`,
    );
  }
  const environment = {};
  for (const [name, value] of Object.entries(
    properties.Environment?.Variables ?? {},
  )) {
    environment[name] = stringifyEnvValue(value);
  }
  const functionName = properties.FunctionName ?? logicalId;
  return {
    logicalId,
    functionName,
    handler,
    handlerFile: handler.slice(0, dot),
    handlerName: handler.slice(dot + 1),
    codeUri: resolve(projectRoot, String(properties.CodeUri ?? '.')),
    runtime: properties.Runtime,
    timeoutSeconds: Number(properties.Timeout ?? 3),
    memoryMb: Number(properties.MemorySize ?? 128),
    environment,
    buildMethod: fn.metadata.BuildMethod,
    buildProperties: fn.metadata.BuildProperties ?? {},
    region: resolver.region,
    stackName: resolver.stackName,
  };
}

function stringifyEnvValue(value) {
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
export function applyEnvVars(environment, envVars, logicalId) {
  if (!isPlainObject(envVars)) {
    throw new TemplateError(
      'the --env-vars file must hold a JSON object like {"Parameters": {…}, "<LogicalId>": {…}}',
    );
  }
  const out = { ...environment };
  const ignored = [];
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
