import { describe, expect, it } from 'vitest';
import { decodeResponse } from '../../../local/lambda/decodeResponse.ts';

describe('decodeResponse (npm run invoke --decode)', () => {
  it('decodes the kafkaRecordValue of answers to MSK records', () => {
    // Prepare
    const response = {
      records: [
        { recordId: 'a', result: 'Ok', kafkaRecordValue: 'eyJhIjoxfQo=' },
        { recordId: 'b', result: 'ProcessingFailed', kafkaRecordValue: 'aGk=' },
        { recordId: 'c', result: 'Ok', data: 'eyJiIjoyfQo=' },
      ],
    };

    // Act
    const decoded = decodeResponse(response);

    // Assess (numbers are JSON.rawJSON where Node has it: compare as JSON)
    expect(JSON.parse(JSON.stringify(decoded))).toEqual({
      records: [
        { recordId: 'a', result: 'Ok', jsonLines: [{ a: 1 }] },
        { recordId: 'b', result: 'ProcessingFailed', text: 'hi' },
        { recordId: 'c', result: 'Ok', jsonLines: [{ b: 2 }] },
      ],
    });
  });
});
