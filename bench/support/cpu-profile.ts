// Reads a V8 CPU profile (node --cpu-prof) and splits the main thread's samples into the stages of
// a sink task: each sample goes to the innermost frame on its stack that belongs to a known stage,
// so time spent in Node's own code (Buffer, streams, JSON.parse inlined into a caller) counts for
// the project code that called it.

export interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export const stageNames = [
  'fetch + record decoding',
  'key/value/header conversion',
  'SMT chain',
  'sink formatting + write',
  'offset commit',
  'task loop',
  'GC',
  'other (event loop, I/O, start-up)',
] as const;
export type StageName = (typeof stageNames)[number];

/** Which stage a frame belongs to, or undefined when its caller decides. */
export function stageOfFrame(functionName: string, url: string): StageName | undefined {
  if (functionName === '(garbage collector)') return 'GC';
  if (url.includes('/node_modules/@platformatic/kafka/') || url.includes('/node_modules/kafkajs/'))
    return 'fetch + record decoding';
  if (url.includes('/shared/kafka/')) return 'fetch + record decoding';
  if (url.includes('/shared/converters/')) return 'key/value/header conversion';
  if (url.endsWith('/shared/runtime/tasks/pipeline.ts')) return 'key/value/header conversion';
  if (url.includes('/shared/transforms/') || url.endsWith('/transformation-chain.ts')) return 'SMT chain';
  if (url.includes('/shared/connectors/')) return 'sink formatting + write';
  // Standalone keeps leases in memory and offsets in a file (shared/standalone).
  if (url.includes('/shared/leases/') || url.includes('/shared/standalone/')) return 'offset commit';
  if (url.endsWith('/lease-ownership.ts')) return 'offset commit';
  if (url.endsWith('/sink-task-runner.ts')) return 'task loop';
  return undefined;
}

export interface StageBreakdown {
  /** Main-thread time per stage in the window, in seconds (idle excluded). */
  readonly seconds: Readonly<Record<StageName, number>>;
  readonly busySeconds: number;
  readonly idleSeconds: number;
}

/**
 * The breakdown of the samples taken between `fromSeconds` and `toSeconds` after the profile's
 * start (the whole profile when absent).
 */
export function stageBreakdown(profile: CpuProfile, fromSeconds = 0, toSeconds = Infinity): StageBreakdown {
  const byId = new Map<number, CpuProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const stageCache = new Map<number, StageName | 'idle'>();
  const stageOfNode = (id: number): StageName | 'idle' => {
    const cached = stageCache.get(id);
    if (cached !== undefined) return cached;
    const frame = byId.get(id)!.callFrame;
    let stage: StageName | 'idle' | undefined =
      frame.functionName === '(idle)' ? 'idle' : stageOfFrame(frame.functionName, frame.url);
    if (stage === undefined) {
      const up = parent.get(id);
      stage = up === undefined ? 'other (event loop, I/O, start-up)' : stageOfNode(up);
      if (stage === 'idle') stage = 'other (event loop, I/O, start-up)';
    }
    stageCache.set(id, stage);
    return stage;
  };

  const seconds = Object.fromEntries(stageNames.map((s) => [s, 0])) as Record<StageName, number>;
  let idle = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const next = profile.timeDeltas[i + 1] ?? 0;
    const since = (at - profile.startTime) / 1e6;
    if (since < fromSeconds || since > toSeconds) continue;
    const stage = stageOfNode(profile.samples[i]!);
    if (stage === 'idle') idle += next / 1e6;
    else seconds[stage] += next / 1e6;
  }
  const busySeconds = stageNames.reduce((sum, s) => sum + seconds[s], 0);
  return { seconds, busySeconds, idleSeconds: idle };
}
