import { describe, expect, it, vi } from 'vitest';
import { handler } from '../../../examples/redactPii.js';
import {
  fakeContext,
  firehoseEvent,
  firehoseRecord,
  unb64,
} from '../../helpers/records.js';

describe('examples/redactPii', () => {
  it('removes the e-mail, drops test orders and keeps the rest as sent', async () => {
    // Prepare
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const records = [
      firehoseRecord({ orderId: 'a', customer: { id: 'c1', email: 'a@b.c' } }),
      firehoseRecord({ orderId: 'b', test: true }),
      firehoseRecord('{"orderId":"c","amount":1.50}\n'),
    ];

    // Act
    const response = await handler(firehoseEvent(records), fakeContext());
    vi.restoreAllMocks();

    // Assess
    expect(response.records.map((r) => r.result)).toEqual([
      'Ok',
      'Dropped',
      'Ok',
    ]);
    expect(unb64(response.records[0]?.data ?? '')).toBe(
      '{"orderId":"a","customer":{"id":"c1"}}\n',
    );
    expect(response.records[2]?.data).toBe(records[2]?.data);
  });
});
