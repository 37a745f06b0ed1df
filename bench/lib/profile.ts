// Summarise a V8 CPU profile (`node --cpu-prof`) of a minified bundle: self
// time per function, mapped back to the TypeScript source through the
// bundle's source map, so that hot spots read `shared/…/file.ts:line name`.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface MapPayload {
  sources: string[];
  sourcesContent?: (string | null)[];
}

interface LoadedMap {
  map: SourceMap;
  payload: MapPayload;
}

interface CallFrame {
  url: string;
  functionName: string;
  lineNumber: number;
  columnNumber: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

/** Hot spots of one profile (see summarizeProfile). */
export interface ProfileSummary {
  totalMs: number;
  functions: { where: string; name: string; selfMs: number; percent: number }[];
  files: { file: string; selfMs: number; percent: number }[];
}

const maps = new Map<string, LoadedMap | undefined>();

function sourceMapOf(url: string): LoadedMap | undefined {
  if (!url.startsWith('file:')) return undefined;
  if (maps.has(url)) return maps.get(url);
  const path = `${fileURLToPath(url)}.map`;
  let map: LoadedMap | undefined;
  if (existsSync(path)) {
    const payload = JSON.parse(readFileSync(path, 'utf8'));
    map = { map: new SourceMap(payload), payload };
  }
  maps.set(url, map);
  return map;
}

/** `../../shared/records/jsonLines.ts` → `shared/records/jsonLines.ts` */
function projectPath(source: string): string {
  return source
    .replace(/^(\.\.\/)+/, '')
    .replace(/^file:\/\/.*?\/bench\//, 'bench/');
}

function nameAt(
  payload: MapPayload,
  source: string,
  line: number,
): string | undefined {
  const index = payload.sources.indexOf(source);
  const text = payload.sourcesContent?.[index]?.split('\n')[line] ?? '';
  const match =
    /function\s*\*?\s*([\w$]+)/.exec(text) ??
    /([\w$]+)\s*(?:=|:)\s*(?:async\s*)?(?:function|\()/.exec(text) ??
    /^\s*(?:async\s+)?([\w$]+)\s*\(/.exec(text);
  return match?.[1];
}

function locate(frame: CallFrame): { where: string; name: string } {
  const { url, functionName, lineNumber, columnNumber } = frame;
  const label = functionName || '(anonymous)';
  if (url === '') return { where: label, name: label };
  const found = sourceMapOf(url);
  if (found !== undefined && lineNumber >= 0) {
    const entry = found.map.findEntry(lineNumber, columnNumber);
    if ('originalSource' in entry) {
      const name =
        nameAt(found.payload, entry.originalSource, entry.originalLine) ??
        (entry as { name?: string }).name ??
        label;
      return {
        where: `${projectPath(entry.originalSource)}:${entry.originalLine + 1}`,
        name,
      };
    }
  }
  const file = url.replace(/^file:\/\/.*\//, '');
  return { where: `${file}:${lineNumber + 1}`, name: label };
}

/**
 * The `top` functions by self time, and self time per source file, of a
 * `.cpuprofile`.
 */
export function summarizeProfile(path: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const selfUs = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the delta to the next one.
    const delta = timeDeltas[i + 1] ?? 0;
    const sample = samples[i] as number;
    selfUs.set(sample, (selfUs.get(sample) ?? 0) + delta);
  }
  let totalUs = 0;
  const byFunction = new Map<
    string,
    { where: string; name: string; us: number }
  >();
  const byFile = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    totalUs += us;
    const { where, name } = locate(node.callFrame);
    const key = `${where} ${name}`;
    const entry = byFunction.get(key) ?? { where, name, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
    const file = where.replace(/:\d+$/, '');
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  }
  const functions = [...byFunction.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((f) => ({
      where: f.where,
      name: f.name,
      selfMs: f.us / 1000,
      percent: (100 * f.us) / totalUs,
    }));
  const files = [...byFile.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([file, us]) => ({
      file,
      selfMs: us / 1000,
      percent: (100 * us) / totalUs,
    }));
  return { totalMs: totalUs / 1000, functions, files };
}
