// Types of streamConfig.mjs, for the TypeScript tests.
import type { Template } from '../lib/template.mjs';
import type { StreamConfig } from './localFirehose.mjs';
import type { CompiledPrefix } from './s3Prefix.mjs';

export type LocalStreamConfig = StreamConfig & {
  prefix: CompiledPrefix;
  errorPrefix: CompiledPrefix;
};

export declare function readDeliveryStreams(
  template: Template,
  options?: { parameters?: Record<string, string>; region?: string },
): {
  streams: LocalStreamConfig[];
  skipped: { logicalId: string; reason: string }[];
  warnings: string[];
  region: string;
};
