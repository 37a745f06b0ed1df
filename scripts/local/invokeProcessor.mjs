// One processor batch as Firehose runs it: invoke the Lambda, retry an
// invocation that fails (NumberOfRetries), check the response it returns
// (never retried: the function answered), and say what to do with it.
import { LambdaInvokeError } from '../lib/lambdaRunner.mjs';
import { FirehoseError } from './errorCodes.mjs';
import { checkProcessorResponse } from './responseCheck.mjs';

/**
 * @param {object} options
 * @param {object} options.event the transformation event
 * @param {{ functionLogicalId: string, retries: number }} options.processor
 * @param {(logicalId: string, event: object) => Promise<unknown>} options.invoke
 * @param {(errorType: string) => void} options.onInvocation called per
 *   invocation, with Lambda's errorType when it failed
 * @returns {Promise<{ answers: Map, attempt: number } | { error, detail: string, attemptsMade: number }>}
 * @example
 *   const outcome = await invokeProcessor({ event, processor, invoke, onInvocation });
 *   if (outcome.error) failBatch(outcome.error, outcome.attemptsMade);
 */
export async function invokeProcessor({
  event,
  processor,
  invoke,
  onInvocation,
}) {
  const ids = event.records.map((record) => record.recordId);
  const attempts = processor.retries + 1;
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let response;
    try {
      response = await invoke(processor.functionLogicalId, event);
      onInvocation(undefined);
    } catch (error) {
      if (!(error instanceof LambdaInvokeError)) throw error;
      onInvocation(error.errorType);
      lastError = error;
      continue;
    }
    const checked = checkProcessorResponse(ids, response);
    if (checked.error !== undefined)
      return { ...checked, attemptsMade: attempt };
    return { answers: checked.answers, attempt };
  }
  return {
    error: FirehoseError.functionError,
    detail: `${lastError.errorType}: ${lastError.message} (${attempts} attempts)`,
    attemptsMade: attempts,
  };
}
