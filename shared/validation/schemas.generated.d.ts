/** A validator compiled by ajv at build time (standalone code). */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ReadonlyArray<{
    instancePath: string;
    message?: string;
    keyword: string;
  }> | null;
}

/** Validators compiled at build time, by schema name (file name in schemas/). */
export declare const validators: Readonly<Record<string, CompiledValidator>>;
