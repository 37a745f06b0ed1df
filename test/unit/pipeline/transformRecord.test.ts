import { describe, expect, it } from 'vitest';
import { dropped, failed } from '#shared/firehose/verdicts.js';
import type { LineStage } from '#shared/pipeline/lineStages.js';
import { transformRecord } from '#shared/pipeline/transformRecord.js';
import { b64, firehoseRecord, unb64 } from '../../helpers/records.js';

describe('transformRecord', () => {
  it('appends the missing newline to a single JSON object', () => {
    // Prepare
    const record = firehoseRecord('{"a":1}');

    // Act
    const verdict = transformRecord(record, []);

    // Assess
    expect(verdict).toEqual({ result: 'Ok', data: b64('{"a":1}\n') });
  });

  it('passes canonical JSON Lines through as the very same base64', () => {
    // Prepare
    const record = firehoseRecord('{"a":1}\n{"b":2}\n');

    // Act
    const verdict = transformRecord(record, []);

    // Assess
    expect(verdict).toEqual({ result: 'Ok', data: record.data });
  });

  it('normalises CRLF, blank lines and a BOM without touching line text', () => {
    // Prepare
    const record = firehoseRecord(
      '\uFEFF{"n":12345678901234567890}\r\n\r\n {"b":"é"} ',
    );

    // Act
    const verdict = transformRecord(record, []);

    // Assess
    expect(verdict.result).toBe('Ok');
    expect(unb64((verdict as { data: string }).data)).toBe(
      '{"n":12345678901234567890}\n{"b":"é"}\n',
    );
  });

  it.each([
    ['not base64', firehoseRecord('%%%%', { raw: true }), 'invalid-base64'],
    [
      'not UTF-8',
      {
        ...firehoseRecord(''),
        data: Buffer.from([0xff, 0xfe]).toString('base64'),
      },
      'invalid-utf8',
    ],
    ['not JSON', firehoseRecord('hello'), 'invalid-json'],
    ['empty', firehoseRecord(''), 'empty-record'],
  ])('fails a record that is %s', (_, record, reason) => {
    // Act
    const verdict = transformRecord(record, []);

    // Assess
    expect(verdict).toMatchObject({ result: 'ProcessingFailed', reason });
  });

  it('lets a user stage rewrite, drop or fail lines', () => {
    // Prepare
    const redact: LineStage = (line) => {
      const value = line.value as { email?: string; kind?: string };
      if (value.kind === 'noise') return dropped('filtered');
      if (value.kind === 'bad') return failed('business-rule', 'kind is bad');
      if (value.email === undefined) return line;
      const { email: _removed, ...rest } = value;
      return { text: JSON.stringify(rest), value: rest };
    };
    const mixed = firehoseRecord(
      '{"kind":"a","email":"x@y.z"}\n{"kind":"noise"}\n{"kind":"b"}\n',
    );
    const allNoise = firehoseRecord('{"kind":"noise"}');
    const bad = firehoseRecord('{"kind":"a"}\n{"kind":"bad"}');

    // Act
    const results = [mixed, allNoise, bad].map((r) =>
      transformRecord(r, [redact]),
    );

    // Assess
    expect(unb64((results[0] as { data: string }).data)).toBe(
      '{"kind":"a"}\n{"kind":"b"}\n',
    );
    expect(results[1]).toEqual({ result: 'Dropped', reason: 'filtered' });
    expect(results[2]).toMatchObject({
      result: 'ProcessingFailed',
      reason: 'business-rule',
    });
  });

  it('turns a throwing user stage into stage-error for that record only', () => {
    // Prepare
    const explode: LineStage = () => {
      throw new TypeError('boom');
    };

    // Act
    const verdict = transformRecord(firehoseRecord('{}'), [explode]);

    // Assess
    expect(verdict).toEqual({
      result: 'ProcessingFailed',
      reason: 'stage-error',
      detail: 'TypeError: boom',
    });
  });
});
