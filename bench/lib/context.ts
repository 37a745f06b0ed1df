// What every section of the benchmark needs to start its measuring
// processes, built once by run.ts.
import type { ChildScripts } from './childBundles.ts';
import type { FakeFirehose } from './fakeFirehose.ts';
import type { ThroughputScenario } from './scenarios.ts';

/** Environment variables of a measuring process. */
export type Env = Record<string, string | undefined>;

/** How much each section measures (fewer with --quick). */
export interface Settings {
  /** Throughput rounds, each bracketed by the baselines. */
  rounds: number;
  warmup: number;
  iterations: number;
  coldRuns: number;
  firstRuns: number;
  /** Rounds of the per-shape table (every contender once per round). */
  shapeRounds: number;
  /** Untimed rounds before them (the first one checks the answers). */
  shapeWarmup: number;
}

export interface BenchContext {
  /** Node 22 binary of the measuring processes. */
  node: string;
  settings: Settings;
  workDir: string;
  /** The compiled memory and first-invocation children (bundled on first call). */
  children: () => Promise<ChildScripts>;
  /** Fake credentials and the loopback endpoint, for the functions. */
  callerEnv: Env;
  /** Environment of the baseline processes. */
  plainEnv: Env;
  server: FakeFirehose;
  progress: (text: string) => void;
  profileDir: string | undefined;
  /** The throughput scenarios selected by --only. */
  scenarios: readonly ThroughputScenario[];
}

/** A target and how it fared. */
export interface Target {
  label: string;
  pass: boolean;
  value: string;
  margin: string;
}
