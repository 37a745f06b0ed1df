import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeUtf8 } from '#shared/records/decodeData.js';
import { reasonOf } from '../../helpers/errors.js';

describe('decodeBase64', () => {
  it.each([
    ['', ''],
    ['eyJhIjoxfQ==', '{"a":1}'],
    ['eyJhIjoxMX0=', '{"a":11}'],
    ['eyJhIjoxMTF9', '{"a":111}'],
  ])('decodes %j', (input, expected) => {
    // Act
    const bytes = decodeBase64(input);

    // Assess
    expect(bytes.toString('utf8')).toBe(expected);
  });

  it.each([
    ['not a multiple of 4', 'eyJhIjoxfQ='],
    ['a character outside the alphabet', 'eyJh!joxfQ=='],
    ['whitespace inside', 'eyJh Ijo xfQ='],
    ['base64url alphabet', 'eyJh-joxfQ=='],
    ['padding in the middle', 'ey==IjoxfQ=='],
    ['only garbage', '!!!!'],
    // Node reads only the low byte: U+014B would decode as 'K' (issue 10).
    ['a character above U+00FF whose low byte is in the alphabet', 'e30\u014b'],
    ['a full-width letter', 'eyJhIjoxfQ\uff1d='],
    ['a Latin-1 letter', 'eyJhIjoxf\u00c1=='],
  ])('rejects %s', (_, input) => {
    // Act
    const reason = reasonOf(() => decodeBase64(input));

    // Assess
    expect(reason).toBe('invalid-base64');
  });
});

describe('decodeUtf8', () => {
  it('decodes multi-byte characters', () => {
    // Prepare
    const bytes = Buffer.from('{"city":"Zürich","emoji":"🚀"}');

    // Act
    const text = decodeUtf8(bytes);

    // Assess
    expect(text).toBe('{"city":"Zürich","emoji":"🚀"}');
  });

  it.each([
    ['a lone continuation byte', [0x7b, 0x80, 0x7d]],
    ['a truncated sequence', [0x7b, 0xe2, 0x82]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['Latin-1 text', [0x22, 0xe9, 0x22]],
  ])('rejects %s', (_, bytes) => {
    // Act
    const reason = reasonOf(() => decodeUtf8(Buffer.from(bytes)));

    // Assess
    expect(reason).toBe('invalid-utf8');
  });
});
