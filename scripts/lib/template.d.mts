// Types of template.mjs, for the TypeScript tests.

export declare const projectRoot: string;
export declare const defaultTemplatePath: string;
export declare const LOCAL_STACK_NAME: string;
export declare const LOCAL_ACCOUNT_ID: string;
export declare const DEFAULT_REGION: string;

export declare class TemplateError extends Error {}

/** A parsed template (CloudFormation intrinsics in their long form). */
export type Template = {
  Parameters?: Record<string, Record<string, unknown>>;
  Globals?: { Function?: Record<string, unknown> };
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Resources?: Record<
    string,
    {
      Type: string;
      Condition?: string;
      Metadata?: Record<string, unknown>;
      Properties?: Record<string, unknown>;
      DeletionPolicy?: string;
      UpdateReplacePolicy?: string;
    }
  >;
  Outputs?: Record<string, unknown>;
  [key: string]: unknown;
};

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

export declare function parseTemplate(text: string): Template;
export declare function readTemplate(path?: string): Template;
export declare function listFunctions(template: Template): Record<
  string,
  {
    logicalId: string;
    metadata: Record<string, unknown>;
    condition: string | undefined;
    properties: Record<string, unknown>;
  }
>;
export declare function resolveParameters(
  template: Template,
  overrides?: Record<string, string>,
): Record<string, string>;
export declare function createResolver(
  template: Template,
  options?: {
    parameters?: Record<string, string>;
    region?: string;
    stackName?: string;
  },
): {
  resolve(value: unknown): unknown;
  condition(name: string): boolean;
  parameters: Record<string, string>;
  region: string;
  stackName: string;
};
export declare function describeFunction(
  template: Template,
  logicalId: string,
  options?: { parameters?: Record<string, string>; region?: string },
): FunctionDescription;
export declare function applyEnvVars(
  environment: Record<string, string>,
  envVars: unknown,
  logicalId: string,
): { environment: Record<string, string>; ignored: string[] };
