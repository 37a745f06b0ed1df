// Types of responseCheck.mjs, for the TypeScript tests.
import type { FirehoseErrorKind } from './errorCodes.mjs';

export interface CheckedAnswer {
  result: 'Ok' | 'Dropped' | 'ProcessingFailed';
  data: Buffer;
  partitionKeys: Record<string, string> | undefined;
}

export declare function checkProcessorResponse(
  recordIds: string[],
  response: unknown,
):
  | { answers: Map<string, CheckedAnswer>; error?: undefined }
  | { error: FirehoseErrorKind; detail: string; answers?: undefined };
