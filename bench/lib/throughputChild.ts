// One throughput scenario, in a fresh process: parse each event once (as the
// runtime does), call the handler `warmup` times, then time `iterations`
// calls of the handler alone (event already parsed, response not
// serialised). Spec (argv[2], JSON): { bundlePath, handlerName, inputs:
// [{ name, path }] } or { inputs: [{ name, path, baseline }] }, warmup,
// iterations, profilePath (optional: a CPU profile of the timed calls of
// the first input only, written there).
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type {
  FirehoseEvent,
  FirehoseResponse,
} from '../../shared/firehose/types.ts';
import type { BaselineName } from './baseline.ts';
import {
  lambdaContext,
  loadHandler,
  runMeasurement,
  type Tally,
  tallyAnswers,
} from './invocation.ts';

export interface ThroughputInput {
  name: string;
  path: string;
  baseline?: BaselineName;
}

export interface ThroughputSpec {
  bundlePath?: string;
  handlerName?: string;
  inputs: ThroughputInput[];
  warmup: number;
  iterations: number;
  profilePath?: string | undefined;
}

export interface InputMeasurement {
  name: string;
  samplesMs: number[];
  cpuMs: number[];
  tally: Tally;
}

runMeasurement(async (spec: ThroughputSpec): Promise<InputMeasurement[]> => {
  const measured: InputMeasurement[] = [];
  for (const input of spec.inputs) {
    const handler = await loadHandler(
      input.baseline !== undefined
        ? { baseline: input.baseline }
        : {
            bundlePath: spec.bundlePath ?? '',
            handlerName: spec.handlerName ?? 'handler',
          },
    );
    const event = JSON.parse(readFileSync(input.path, 'utf8')) as FirehoseEvent;
    let response: FirehoseResponse | undefined;
    for (let i = 0; i < Math.max(1, spec.warmup); i++) {
      response = await handler(event, lambdaContext());
    }
    const tally = tallyAnswers(event, response);
    const profiler =
      spec.profilePath !== undefined && measured.length === 0
        ? await startProfiler()
        : undefined;
    const samplesMs: number[] = [];
    const cpuMs: number[] = [];
    for (let i = 0; i < spec.iterations; i++) {
      const context = lambdaContext();
      const cpu = process.cpuUsage();
      const started = performance.now();
      response = await handler(event, context);
      samplesMs.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      // All threads: the main one and V8's GC helpers.
      cpuMs.push((used.user + used.system) / 1000);
    }
    if (profiler !== undefined && spec.profilePath !== undefined) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(spec.profilePath, JSON.stringify(profile));
      profiler.disconnect();
    }
    measured.push({ name: input.name, samplesMs, cpuMs, tally });
  }
  return measured;
});

async function startProfiler(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return session;
}
