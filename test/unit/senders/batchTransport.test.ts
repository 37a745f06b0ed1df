import { describe, expect, it } from 'vitest';
import {
  describeCallError,
  isRetryableCallError,
  isRetryableEntryCode,
  TransportResponseError,
} from '#shared/senders/batchTransport.js';
import { sdkError } from './fakeTransport.js';

function networkError(code: string, message = `connect ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

describe('isRetryableCallError', () => {
  it.each([
    [
      'throttling (ServiceUnavailableException, HTTP 400)',
      sdkError('ServiceUnavailableException', 400, 'client'),
    ],
    ['ThrottlingException', sdkError('ThrottlingException', 400)],
    ['InternalFailure', sdkError('InternalFailure', 500)],
    ['an unknown 5xx', sdkError('BadGateway', 502)],
    ['HTTP 429', sdkError('TooMany', 429)],
    ['ECONNRESET', networkError('ECONNRESET')],
    ['ECONNREFUSED', networkError('ECONNREFUSED')],
    ['ETIMEDOUT', networkError('ETIMEDOUT')],
    ['socket hang up', new Error('socket hang up')],
    ['our TimeoutError', new DOMException('no answer', 'TimeoutError')],
    [
      'the SDK AbortError',
      Object.assign(new Error('Request aborted'), { name: 'AbortError' }),
    ],
    [
      'a network error as cause',
      new Error('fetch failed', { cause: networkError('ECONNRESET') }),
    ],
  ])('retries %s', (_, error) => {
    // Act / Assess
    expect(isRetryableCallError(error)).toBe(true);
  });

  it.each([
    ['ResourceNotFoundException', sdkError('ResourceNotFoundException', 400)],
    ['InvalidArgumentException', sdkError('InvalidArgumentException', 400)],
    ['AccessDeniedException', sdkError('AccessDeniedException', 400)],
    [
      'InvalidKMSResourceException',
      sdkError('InvalidKMSResourceException', 400),
    ],
    ['ValidationException', sdkError('ValidationException', 400)],
    ['TransportResponseError', new TransportResponseError('1 for 2')],
    ['a programming error', new TypeError('x is not a function')],
    ['a non-error', 'boom'],
  ])('does not retry %s', (_, error) => {
    // Act / Assess
    expect(isRetryableCallError(error)).toBe(false);
  });
});

describe('isRetryableEntryCode', () => {
  it('retries Firehose per-record throttling and internal failures', () => {
    // Act / Assess
    expect(isRetryableEntryCode('ServiceUnavailableException')).toBe(true);
    expect(isRetryableEntryCode('InternalFailure')).toBe(true);
  });

  it('does not retry KMS, access or validation codes', () => {
    // Act / Assess
    expect(isRetryableEntryCode('KMS.DisabledException')).toBe(false);
    expect(isRetryableEntryCode('AccessDeniedException')).toBe(false);
    expect(isRetryableEntryCode('ValidationException')).toBe(false);
  });
});

describe('describeCallError', () => {
  it('uses the SDK exception name', () => {
    // Act / Assess
    expect(
      describeCallError(sdkError('ServiceUnavailableException', 503)),
    ).toEqual({
      code: 'ServiceUnavailableException',
      message: 'ServiceUnavailableException from the fake endpoint',
    });
  });

  it('uses the Node error code of a plain Error', () => {
    // Act / Assess
    expect(
      describeCallError(networkError('ECONNRESET', 'read ECONNRESET')),
    ).toEqual({
      code: 'ECONNRESET',
      message: 'read ECONNRESET',
    });
  });

  it('describes a thrown non-error', () => {
    // Act / Assess
    expect(describeCallError('boom')).toEqual({
      code: 'UnknownError',
      message: 'boom',
    });
  });
});
