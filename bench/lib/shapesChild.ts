// The per-shape table's measuring process: every contender of one shape
// variant (the two built bundles, the partition bundle twice: UTC and a
// zone, and the four baselines) in this one process. Each round runs every
// contender once, in a seeded random order; each call gets an event freshly
// parsed from the request text (outside the timed region, as the Lambda
// runtime parses it before the handler), and the timed region is the
// handler call plus JSON.stringify of its response (the runtime serialises
// it). Spec (argv[2], JSON): ShapesSpec.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type {
  FirehoseAnswer,
  FirehoseEvent,
  FirehoseResponse,
} from '../../shared/firehose/types.ts';
import {
  type Baseline,
  handWrittenPartitioner,
  intlPartitioner,
  naiveTransform,
  parseOnlyFloor,
} from './baseline.ts';
import type { Env } from './context.ts';
import { type Handler, lambdaContext, runMeasurement } from './invocation.ts';
import { random } from './records.ts';

export type ContenderName =
  | 'transform'
  | 'partitionUtc'
  | 'partitionZone'
  | 'naive'
  | 'floor'
  | 'handUtc'
  | 'intlZone';

type BaselineId = 'naive' | 'floor' | 'handUtc' | 'intlZone';

/** A built bundle (imported with its own environment) or a baseline. */
export type ContenderSpec =
  | { name: ContenderName; bundlePath: string; handlerName: string; env: Env }
  | { name: ContenderName; baseline: BaselineId };

export interface ShapesSpec {
  eventPath: string;
  timestampField: string;
  timeZone: string;
  contenders: ContenderSpec[];
  rounds: number;
  /** Untimed rounds first (same interleaving). */
  warmup: number;
  seed: number;
}

export interface ShapesMeasurement {
  rounds: number;
  records: number;
  /** Per contender, one sample per round (ms). */
  samplesMs: Partial<Record<ContenderName, number[]>>;
  /** What the answers check found wrong (none when all agree). */
  problems: string[];
}

interface Contender {
  name: ContenderName;
  call: Handler;
}

function baselineOf(id: BaselineId, spec: ShapesSpec): Baseline {
  switch (id) {
    case 'naive':
      return naiveTransform;
    case 'floor':
      return parseOnlyFloor;
    case 'handUtc':
      return handWrittenPartitioner(spec.timestampField);
    case 'intlZone':
      return intlPartitioner(spec.timestampField, spec.timeZone);
  }
}

/**
 * Import a bundle as a separate module instance (a query in its URL) with
 * `env` as the whole environment: the functions read their configuration
 * once, at import.
 */
async function importBundle(
  spec: { bundlePath: string; handlerName: string; env: Env },
  instance: string,
): Promise<Handler> {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, spec.env);
  const url = `${pathToFileURL(spec.bundlePath).href}?instance=${instance}`;
  const module = (await import(url)) as Record<string, unknown>;
  const handler = module[spec.handlerName];
  if (typeof handler !== 'function') {
    throw new Error(`${spec.bundlePath} does not export ${spec.handlerName}`);
  }
  return handler as Handler;
}

function shuffle<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const KEYS = ['year', 'month', 'day', 'hour'] as const;

function sameKeys(a: FirehoseAnswer, b: FirehoseAnswer): boolean {
  const x = a.metadata?.partitionKeys;
  const y = b.metadata?.partitionKeys;
  return KEYS.every((key) => x?.[key] !== undefined && x[key] === y?.[key]);
}

/**
 * Check every contender's answers against the naive transform's (same
 * output data; the floor passes its input through) and the partitioners'
 * keys against the baseline of their zone.
 */
function checkAnswers(
  event: FirehoseEvent,
  responses: Map<ContenderName, FirehoseResponse>,
): string[] {
  const problems: string[] = [];
  const naive = responses.get('naive')?.records ?? [];
  const keysOf: Partial<Record<ContenderName, ContenderName>> = {
    partitionUtc: 'handUtc',
    partitionZone: 'intlZone',
  };
  for (const [name, response] of responses) {
    const answers = response.records;
    if (answers.length !== event.records.length) {
      problems.push(`${name}: ${answers.length} answers`);
      continue;
    }
    let notOk = 0;
    let otherData = 0;
    let otherKeys = 0;
    const reference = responses.get(keysOf[name] ?? name)?.records ?? [];
    for (let i = 0; i < answers.length; i++) {
      const answer = answers[i] as FirehoseAnswer;
      if (answer.result !== 'Ok') notOk++;
      const expected =
        name === 'floor' ? event.records[i]?.data : naive[i]?.data;
      if (answer.data !== expected) otherData++;
      const keyed = reference[i];
      if (keysOf[name] !== undefined && !(keyed && sameKeys(answer, keyed))) {
        otherKeys++;
      }
    }
    if (notOk > 0) problems.push(`${name}: ${notOk} answers not Ok`);
    if (otherData > 0) {
      problems.push(`${name}: ${otherData} answers with other data`);
    }
    if (otherKeys > 0) {
      problems.push(`${name}: ${otherKeys} answers with other partition keys`);
    }
  }
  return problems;
}

runMeasurement(async (spec: ShapesSpec): Promise<ShapesMeasurement> => {
  const contenders: Contender[] = [];
  for (const contender of spec.contenders) {
    contenders.push({
      name: contender.name,
      call:
        'baseline' in contender
          ? baselineOf(contender.baseline, spec)
          : await importBundle(contender, contender.name),
    });
  }
  const text = readFileSync(spec.eventPath, 'utf8');
  const next = random(spec.seed);
  const samplesMs: ShapesMeasurement['samplesMs'] = {};
  for (const { name } of contenders) samplesMs[name] = [];
  let records = 0;
  let sink = 0;
  const warmup = Math.max(1, spec.warmup);
  for (let round = -warmup; round < spec.rounds; round++) {
    const responses = new Map<ContenderName, FirehoseResponse>();
    let checked: FirehoseEvent | undefined;
    for (const contender of shuffle(contenders, next)) {
      const event = JSON.parse(text) as FirehoseEvent;
      const context = lambdaContext();
      const started = performance.now();
      const response = await contender.call(event, context);
      sink += JSON.stringify(response).length;
      const ms = performance.now() - started;
      if (round >= 0) samplesMs[contender.name]?.push(ms);
      else if (round === -warmup) {
        responses.set(contender.name, response);
        checked = event;
      }
    }
    if (checked !== undefined) {
      records = checked.records.length;
      const problems = checkAnswers(JSON.parse(text), responses);
      if (problems.length > 0) {
        return { rounds: 0, records, samplesMs: {}, problems };
      }
    }
  }
  if (sink === 0) throw new Error('no response serialised');
  return { rounds: spec.rounds, records, samplesMs, problems: [] };
});
