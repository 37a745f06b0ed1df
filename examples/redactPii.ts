/**
 * Example: your own per-record logic composed with the built-in stages.
 * Removes `customer.email` from every order and drops test orders, after
 * schema validation. Deploy it by pointing a function's EntryPoints at this
 * file (see README, "Your own stages").
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { FirehoseResponse } from '#shared/firehose/types.js';
import { dropped } from '#shared/firehose/verdicts.js';
import { readObservability } from '#shared/handler/observabilityConfig.js';
import { logBatchErrors } from '#shared/middlewares/logBatchErrors.js';
import type { LineStage } from '#shared/pipeline/lineStages.js';
import { runBatch } from '#shared/pipeline/runBatch.js';
import { transformRecord } from '#shared/pipeline/transformRecord.js';
import {
  createSchemaStage,
  readSchemaConfig,
} from '#shared/validation/schemaStage.js';

interface Order {
  orderId?: string;
  test?: boolean;
  customer?: { email?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** Drop test orders; remove the customer's e-mail address. */
export const redactPii: LineStage = (line) => {
  const order = line.value as Order;
  if (order.test === true) return dropped('filtered');
  if (order.customer?.email === undefined) return line; // unchanged: no re-encoding
  const { email: _email, ...customer } = order.customer;
  const value = { ...order, customer };
  return { text: JSON.stringify(value), value };
};

const observability = readObservability(process.env, 'redactPii');
const schemaStage = createSchemaStage(readSchemaConfig(process.env));
const stages: LineStage[] = [
  ...(schemaStage === undefined ? [] : [schemaStage]),
  redactPii,
];

export const handler = middy<unknown, FirehoseResponse, Error, Context>()
  .use(logBatchErrors({ logger: observability.logger }))
  .handler((event, context) =>
    runBatch(
      event,
      context,
      (records) => records.map((record) => transformRecord(record, stages)),
      observability,
    ),
  );
