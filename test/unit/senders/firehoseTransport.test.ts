import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PutRecordBatchLimits } from '#shared/senders/packBatches.js';

// A stand-in for @aws-sdk/client-firehose that counts its loads and records
// the clients it creates and the commands they send.
const sdk = vi.hoisted(() => {
  const state = {
    loads: 0,
    clients: [] as { config: unknown }[],
    sent: [] as { input: unknown; options: unknown }[],
    reply: { FailedPutCount: 0, RequestResponses: [] } as unknown,
  };
  return state;
});

vi.mock('@aws-sdk/client-firehose', () => {
  sdk.loads++;
  class FirehoseClient {
    readonly config: unknown;
    constructor(config: unknown) {
      this.config = config;
      sdk.clients.push(this);
    }
    async send(command: { input: unknown }, options: unknown) {
      sdk.sent.push({ input: command.input, options });
      return sdk.reply;
    }
  }
  class PutRecordBatchCommand {
    readonly input: unknown;
    constructor(input: unknown) {
      this.input = input;
    }
  }
  return { FirehoseClient, PutRecordBatchCommand };
});

/** A fresh copy of the module, so that its lazy state starts empty. */
async function loadTransportModule() {
  return import('#shared/senders/firehoseTransport.js');
}

const entries = [
  { id: 'a', data: Buffer.from('one\n') },
  { id: 'b', data: Buffer.from('two\n') },
];

beforeEach(() => {
  vi.resetModules();
  sdk.loads = 0;
  sdk.clients.length = 0;
  sdk.sent.length = 0;
  sdk.reply = {
    FailedPutCount: 0,
    RequestResponses: [{ RecordId: '1' }, { RecordId: '2' }],
  };
});

describe('createFirehoseTransport', () => {
  it('loads the SDK and creates the client only on the first send', async () => {
    // Prepare
    const { createFirehoseTransport } = await loadTransportModule();

    // Act
    const transport = createFirehoseTransport('fallback');
    const loadsBeforeSend = sdk.loads;
    await transport.send(entries, new AbortController().signal);

    // Assess
    expect(loadsBeforeSend).toBe(0);
    expect(sdk.loads).toBe(1);
    expect(sdk.clients).toHaveLength(1);
  });

  it('creates one single-attempt client with timeouts and reuses it across transports', async () => {
    // Prepare
    const { createFirehoseTransport } = await loadTransportModule();
    const signal = new AbortController().signal;

    // Act
    await createFirehoseTransport('one').send(entries, signal);
    await createFirehoseTransport('two').send(entries, signal);
    await createFirehoseTransport('one').send(entries, signal);

    // Assess
    expect(sdk.clients).toHaveLength(1);
    expect(sdk.clients[0]?.config).toEqual({
      maxAttempts: 1,
      requestHandler: {
        connectionTimeout: 1000,
        requestTimeout: 3000,
        throwOnRequestTimeout: true,
      },
    });
    expect(sdk.sent).toHaveLength(3);
  });

  it('sends the raw data with the stream name and the abort signal', async () => {
    // Prepare
    const { createFirehoseTransport } = await loadTransportModule();
    const signal = new AbortController().signal;

    // Act
    await createFirehoseTransport('fallback').send(entries, signal);

    // Assess
    expect(sdk.sent).toEqual([
      {
        input: {
          DeliveryStreamName: 'fallback',
          Records: [{ Data: entries[0]?.data }, { Data: entries[1]?.data }],
        },
        options: { abortSignal: signal },
      },
    ]);
  });

  it('maps RequestResponses error codes to results in request order', async () => {
    // Prepare
    const { createFirehoseTransport } = await loadTransportModule();
    sdk.reply = {
      FailedPutCount: 1,
      RequestResponses: [
        {
          ErrorCode: 'ServiceUnavailableException',
          ErrorMessage: 'Slow down.',
        },
        { RecordId: '2' },
      ],
    };

    // Act
    const results = await createFirehoseTransport('fallback').send(
      entries,
      new AbortController().signal,
    );

    // Assess
    expect(results).toEqual([
      { ok: false, code: 'ServiceUnavailableException', message: 'Slow down.' },
      { ok: true },
    ]);
  });

  it('rejects an answer whose RequestResponses do not match the records', async () => {
    // Prepare
    const { createFirehoseTransport } = await loadTransportModule();
    sdk.reply = { FailedPutCount: 1, RequestResponses: [{ ErrorCode: 'X' }] };

    // Act
    const sending = createFirehoseTransport('fallback').send(
      entries,
      new AbortController().signal,
    );

    // Assess
    await expect(sending).rejects.toMatchObject({
      name: 'TransportResponseError',
    });
  });

  it('does not call the endpoint when the signal is already aborted', async () => {
    // Prepare
    const { createFirehoseTransport } = await loadTransportModule();
    const controller = new AbortController();
    controller.abort(new DOMException('late', 'TimeoutError'));

    // Act
    const sending = createFirehoseTransport('fallback').send(
      entries,
      controller.signal,
    );

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(sdk.sent).toEqual([]);
  });

  it('uses an injected client instead of creating one, with the PutRecordBatch limits', async () => {
    // Prepare
    const { createFirehoseTransport } = await loadTransportModule();
    const send = vi.fn(async () => ({
      FailedPutCount: 0,
      RequestResponses: [{}, {}],
      $metadata: {},
    }));

    // Act
    const transport = createFirehoseTransport('fallback', { client: { send } });
    const results = await transport.send(entries, new AbortController().signal);

    // Assess
    expect(transport.limits).toEqual(PutRecordBatchLimits);
    expect(results).toEqual([{ ok: true }, { ok: true }]);
    expect(send).toHaveBeenCalledTimes(1);
    expect(sdk.clients).toEqual([]);
  });
});
