// Types of sampleRecords.mjs, for the TypeScript tests.

export declare const SAMPLE_START_MS: number;
export declare const SampleKind: {
  readonly onTime: 'on-time';
  readonly late: 'late';
  readonly early: 'early';
  readonly invalid: 'invalid';
};
export type SampleKind = (typeof SampleKind)[keyof typeof SampleKind];

export interface SampleRecord {
  id: string;
  kind: SampleKind;
  arrivalMs: number;
  eventTimeMs: number;
  text: string;
}

export declare function generateSampleRecords(options: {
  count: number;
  seed?: string;
  late?: number;
  early?: number;
  invalid?: number;
  format?: string;
  startMs?: number;
  spanMs?: number;
}): SampleRecord[];
