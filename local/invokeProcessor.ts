// One processor batch as Firehose runs it: invoke the Lambda, retry an
// invocation that fails (NumberOfRetries), check the response it returns
// (never retried: the function answered), and say what to do with it.
import type { FirehoseEvent } from '#shared/firehose/types.js';
import { FirehoseError, type FirehoseErrorKind } from './errorCodes.ts';
import { LambdaInvokeError } from './lambda/lambdaRunner.ts';
import { type CheckedAnswer, checkProcessorResponse } from './responseCheck.ts';
import type { ProcessorConfig } from './streamConfig.ts';

/** Invokes a function of the template with an event. */
export type InvokeFunction = (
  logicalId: string,
  event: FirehoseEvent,
) => Promise<unknown>;

/** How a batch went: its answers, or why every record of it fails. */
export type ProcessorOutcome =
  | {
      answers: Map<string, CheckedAnswer>;
      attempt: number;
      error?: undefined;
    }
  | {
      error: FirehoseErrorKind;
      detail: string;
      attemptsMade: number;
      /** The function's init error (`errorType: message`), when it failed to start. */
      initError?: string | undefined;
    };

/**
 * @param options
 * @param options.event the transformation event
 * @param options.processor
 * @param options.invoke
 * @param options.onInvocation called per
 *   invocation, with Lambda's errorType when it failed
 * @example
 *   const outcome = await invokeProcessor({ event, processor, invoke, onInvocation });
 *   if (outcome.error) failBatch(outcome.error, outcome.attemptsMade);
 */
export async function invokeProcessor({
  event,
  processor,
  invoke,
  onInvocation,
}: {
  event: FirehoseEvent;
  processor: ProcessorConfig;
  invoke: InvokeFunction;
  onInvocation: (errorType: string | undefined) => void;
}): Promise<ProcessorOutcome> {
  const ids = event.records.map((record) => record.recordId);
  const attempts = processor.retries + 1;
  let lastError: LambdaInvokeError | undefined;
  let initError: string | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let response: unknown;
    try {
      response = await invoke(processor.functionLogicalId, event);
      onInvocation(undefined);
    } catch (error) {
      if (!(error instanceof LambdaInvokeError)) throw error;
      onInvocation(error.errorType);
      lastError = error;
      if (error.phase === 'init')
        initError ??= `${error.errorType}: ${error.message}`;
      continue;
    }
    const checked = checkProcessorResponse(ids, response);
    if (checked.error !== undefined)
      return { ...checked, attemptsMade: attempt };
    return { answers: checked.answers, attempt };
  }
  return {
    error: FirehoseError.functionError,
    detail: `${lastError?.errorType}: ${lastError?.message} (${attempts} attempts)`,
    attemptsMade: attempts,
    initError,
  };
}
