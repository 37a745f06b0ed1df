import { describe, expect, it } from 'vitest';
import {
  createLogEventWriter,
  embeddedJson,
} from '#shared/cloudwatch/logEventLine.js';
import type { DataMessage } from '#shared/cloudwatch/readCloudWatchLogs.js';

const message: DataMessage = {
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: '/aws/lambda/checkout',
  logStream: 's"1',
  subscriptionFilters: ['f1', 'f2'],
  logEvents: [],
};
const event = { id: '42', timestamp: 1_772_359_200_123, message: 'hello\n' };

describe('createLogEventWriter', () => {
  it('writes one newline-terminated JSON line with the fields in order', () => {
    // Prepare
    const line = createLogEventWriter(message, false);

    // Act
    const text = line(event);

    // Assess
    expect(text.endsWith('\n')).toBe(true);
    expect(text.slice(0, -1)).not.toContain('\n');
    expect(Object.keys(JSON.parse(text))).toEqual([
      'id',
      'timestamp',
      'message',
      'logGroup',
      'logStream',
      'owner',
      'subscriptionFilters',
    ]);
    expect(JSON.parse(text)).toEqual({
      ...event,
      logGroup: message.logGroup,
      logStream: message.logStream,
      owner: message.owner,
      subscriptionFilters: message.subscriptionFilters,
    });
  });

  it('keeps a JSON message a string unless embedding is on', () => {
    // Prepare
    const json = { ...event, message: '{"traceId":12345678901234567890123}' };

    // Act
    const plain = createLogEventWriter(message, false)(json);
    const embedded = createLogEventWriter(message, true)(json);

    // Assess
    expect(JSON.parse(plain).message).toBe(json.message);
    expect(embedded).toContain('"message":{"traceId":12345678901234567890123}');
  });
});

describe('embeddedJson', () => {
  it('embeds pretty-printed JSON on one line, verbatim otherwise', () => {
    // Prepare
    const pretty = '{\r\n  "a": [1, 2],\n  "b": "x\\ny"\n}\n';

    // Act
    const text = embeddedJson(pretty);

    // Assess
    expect(text).toBe('{    "a": [1, 2],   "b": "x\\ny" }');
    expect(JSON.parse(text as string)).toEqual(JSON.parse(pretty));
  });

  it.each(['plain text', '42', '"quoted"', 'true', '{not json}', '[1,'])(
    'leaves %j a string',
    (text) => {
      // Prepare
      const input = text;

      // Act
      const out = embeddedJson(input);

      // Assess
      expect(out).toBe(undefined);
    },
  );
});

describe('embeddedJson and content that trim or UTF-8 would alter', () => {
  it('keeps a lone surrogate as its escape instead of U+FFFD', () => {
    // Prepare: the subscription message's `\ud800` escape, once parsed.
    const message = '{"s":"a\ud800b","t":"\udc00"}';

    // Act
    const text = embeddedJson(message) as string;

    // Assess
    const bytes = Buffer.from(text, 'utf8');
    expect(bytes.includes(Buffer.from('\ufffd', 'utf8'))).toBe(false);
    expect(text).toBe('{"s":"a\\ud800b","t":"\\udc00"}');
    expect(JSON.parse(text)).toEqual(JSON.parse(message));
  });

  it('keeps a well-formed surrogate pair as it is', () => {
    // Prepare
    const message = '{"e":"\ud83d\ude00"}';

    // Act
    const text = embeddedJson(message);

    // Assess
    expect(text).toBe(message);
  });

  it.each(['\u00a0', '\ufeff', '\u2028', '\u000c'])(
    'leaves a message wrapped in U+%s a string',
    (char) => {
      // Prepare
      const message = `${char}{"a":1}`;

      // Act
      const text = embeddedJson(message);

      // Assess
      expect(text).toBe(undefined);
    },
  );
});
