import { describe, expect, it } from 'vitest';
import { generateEvent } from '../../local/generateEventsCommand.ts';
import { formatJavaPattern } from '../../local/javaTimeFormat.ts';
import { parseInput } from '../../local/readInput.ts';
import {
  compilePrefix,
  evaluatePrefix,
  PrefixError,
} from '../../local/s3Prefix.ts';
import { readDeliveryStreams } from '../../local/streamConfig.ts';
import { readTemplate, resolveParameters } from '../../scripts/lib/template.ts';

const NINE_THIRTY = Date.UTC(2026, 2, 1, 9, 30, 5, 123);

describe('formatJavaPattern', () => {
  it('formats the DateTimeFormatter letters Firehose prefixes use', () => {
    // Act
    const text = formatJavaPattern(
      NINE_THIRTY,
      "yyyy/MM/dd/HH 'at' mm:ss.SSS yy h a ''",
    );

    // Assess
    expect(text).toBe("2026/03/01/09 at 30:05.123 26 9 AM '");
  });

  it('uses the CustomTimeZone, DST included', () => {
    // Act
    const winter = formatJavaPattern(NINE_THIRTY, 'HH', 'Europe/Paris');
    const summer = formatJavaPattern(
      Date.UTC(2026, 6, 1, 9),
      'HH',
      'Europe/Paris',
    );

    // Assess
    expect([winter, summer]).toEqual(['10', '11']);
  });

  it('names a letter it does not emulate', () => {
    // Act, Assess
    expect(() => formatJavaPattern(0, 'yyyy-ww')).toThrow(/letter 'w'/);
  });
});

describe('S3 prefixes', () => {
  it('evaluates Lambda keys, timestamps and the error output type', () => {
    // Prepare
    const data = compilePrefix('e/h=!{partitionKeyFromLambda:hour}/', {
      error: false,
    });
    const errors = compilePrefix(
      'err/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/',
      { error: true },
    );

    // Act, Assess
    expect(data.lambdaKeys).toEqual(['hour']);
    expect(
      evaluatePrefix(data, {
        arrivalMs: NINE_THIRTY,
        partitionKeys: { hour: '07' },
      }),
    ).toBe('e/h=07/');
    expect(
      evaluatePrefix(errors, {
        arrivalMs: NINE_THIRTY,
        errorOutputType: 'processing-failed',
      }),
    ).toBe('err/processing-failed/2026/03/01/09/');
    expect(
      evaluatePrefix(
        compilePrefix('r/!{firehose:random-string}/', { error: false }),
        { arrivalMs: 0 },
      ),
    ).toMatch(/^r\/[a-z0-9]{11}\/$/);
  });

  it('refuses what Firehose refuses or the local Firehose cannot do', () => {
    // Act, Assess
    expect(() =>
      evaluatePrefix(
        compilePrefix('e/!{partitionKeyFromLambda:hour}/', { error: false }),
        { arrivalMs: 0, partitionKeys: {} },
      ),
    ).toThrow(PrefixError);
    expect(() =>
      compilePrefix('e/!{firehose:error-output-type}/', { error: false }),
    ).toThrow(/only allowed in ErrorOutputPrefix/);
    expect(() =>
      compilePrefix('e/!{partitionKeyFromQuery:id}/', { error: true }),
    ).toThrow(/ErrorOutputPrefix cannot use partitionKeyFromQuery/);
  });

  it('evaluates jq keys (partitionKeyFromQuery) like Lambda keys', () => {
    // Prepare
    const late = compilePrefix('late/h=!{partitionKeyFromQuery:hour}/', {
      error: false,
    });

    // Act, Assess
    expect(late.lambdaKeys).toEqual(['hour']);
    expect(
      evaluatePrefix(late, { arrivalMs: 0, partitionKeys: { hour: '07' } }),
    ).toBe('late/h=07/');
  });
});

describe('readDeliveryStreams', () => {
  const template = readTemplate();

  it("reads template.yaml's streams and their processors", () => {
    // Act
    const { streams } = readDeliveryStreams(template, {
      parameters: resolveParameters(template),
    });
    const events = streams.find((s) => s.logicalId === 'EventStream');

    // Assess
    expect(streams.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'local-TransformStream',
        'local-EventStream',
        'local-LateEventStream',
      ]),
    );
    expect(events).toMatchObject({
      dynamicPartitioning: true,
      compression: 'UNCOMPRESSED',
      buffering: { sizeBytes: 64 * 1024 * 1024, intervalMs: 300_000 },
      processor: {
        functionLogicalId: 'EventTimePartitionFunction',
        bufferSizeBytes: 1024 * 1024,
        intervalMs: 60_000,
        retries: 3,
      },
    });
    expect(events?.prefix.lambdaKeys).toEqual(['year', 'month', 'day', 'hour']);
  });

  it("reads LateEventStream's de-aggregation and jq keys, and refuses jq it cannot emulate", () => {
    // Prepare
    const parameters = resolveParameters(template);
    const withQuery = (query: string) => {
      const copy = structuredClone(template);
      const late = copy.Resources?.LateEventStream as unknown as {
        Properties: {
          ExtendedS3DestinationConfiguration: {
            ProcessingConfiguration: {
              Processors: { Parameters?: { ParameterValue: unknown }[] }[];
            };
          };
        };
      };
      const jq =
        late.Properties.ExtendedS3DestinationConfiguration
          .ProcessingConfiguration.Processors[1]?.Parameters?.[0];
      if (jq) jq.ParameterValue = query;
      return copy;
    };

    // Act
    const { streams } = readDeliveryStreams(template, { parameters });
    const late = streams.find((s) => s.logicalId === 'LateEventStream') as
      | (Record<string, unknown> & {
          metadataQuery?: { extract(text: string): unknown };
        })
      | undefined;

    // Assess
    expect(late).toMatchObject({
      dynamicPartitioning: true,
      deaggregateJson: true,
      appendDelimiter: true,
      processor: undefined,
    });
    expect(
      late?.metadataQuery?.extract(
        '{"partition":{"year":"2026","month":"03","day":"01","hour":"09","dt":"2026-03-01"}}',
      ),
    ).toEqual({ year: '2026', month: '03', day: '01', hour: '09' });
    expect(() =>
      readDeliveryStreams(withQuery('{hour:.partition.hour|tostring}'), {
        parameters,
      }),
    ).toThrow(/MetadataExtractionQuery .* field paths only/);
  });

  it('follows parameter overrides and Conditions', () => {
    // Act
    const { streams } = readDeliveryStreams(template, {
      parameters: resolveParameters(template, {
        RouteLateData: 'false',
        PartitionGranularity: 'day',
      }),
    });

    // Assess
    expect(streams.map((s) => s.logicalId)).not.toContain('LateEventStream');
    expect(
      streams.find((s) => s.logicalId === 'EventStream')?.prefix.lambdaKeys,
    ).toEqual(['year', 'month', 'day']);
  });
});

describe('parseInput', () => {
  it('reads arrival times from a field and replays in arrival order', () => {
    // Prepare
    const text = [
      '{"id":1,"at":"2026-03-01T10:00:00Z"}',
      'not json',
      '{"id":2,"at":1772355600}',
      '{"id":3,"meta":{"at":1772355600000}}',
    ].join('\n');

    // Act
    const first = parseInput(text, { arrivalField: 'at' });
    const nested = parseInput('{"meta":{"at":1772355600000}}\n', {
      arrivalField: 'meta.at',
    });

    // Assess
    expect(first.missingArrival).toBe(2);
    expect(first.records.map((r) => r.data.toString())).toEqual([
      '{"id":2,"at":1772355600}',
      '{"id":3,"meta":{"at":1772355600000}}',
      '{"id":1,"at":"2026-03-01T10:00:00Z"}',
      'not json',
    ]);
    expect(nested.records[0]?.arrivalMs).toBe(1_772_355_600_000);
  });
});

describe('parseInput of a Firehose event', () => {
  it('replays the records of an event with their arrival times', () => {
    // Prepare
    const event = generateEvent('cloudwatch-logs', { records: 4, seed: '3' });

    // Act
    const { records, format } = parseInput(JSON.stringify(event, null, 2));

    // Assess
    expect(format).toBe('firehose-event');
    expect(records.map((r) => r.arrivalMs)).toEqual(
      event.records.map((r) => r.approximateArrivalTimestamp),
    );
    expect(records[0]?.data.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });
});
