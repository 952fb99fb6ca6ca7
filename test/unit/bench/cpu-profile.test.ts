import { describe, expect, it } from 'vitest';
import { type CpuProfile, stageBreakdown, stageOfFrame } from '../../../bench/support/cpu-profile.ts';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url },
  children,
});

// root → runner loop → converter → Buffer.toString (node internal); root → GC; root → idle.
const nodes = [
  frame(1, '(root)', '', [2, 5, 6, 7]),
  frame(2, 'pollOnce', 'file:///app/shared/runtime/tasks/sink-task-runner.ts', [3]),
  frame(3, 'toConnectData', 'file:///app/shared/converters/json/json-converter.ts', [4]),
  frame(4, 'toString', 'node:buffer'),
  frame(5, '(garbage collector)', ''),
  frame(6, '(idle)', ''),
  frame(7, 'processTicksAndRejections', 'node:internal/process/task_queues'),
];

describe('CPU profile stages', () => {
  it('names the stage of project frames and leaves the rest to their callers', () => {
    expect(stageOfFrame('x', 'file:///a/node_modules/@platformatic/kafka/dist/x.js')).toBe(
      'fetch + record decoding',
    );
    expect(stageOfFrame('apply', 'file:///a/shared/transforms/cast.ts')).toBe('SMT chain');
    expect(stageOfFrame('flush', 'file:///a/shared/connectors/file/sink-task.ts')).toBe(
      'sink formatting + write',
    );
    expect(stageOfFrame('write', 'node:fs')).toBeUndefined();
  });

  it('gives each sample to the innermost project stage on its stack, in the window asked for', () => {
    // Samples every 1 ms (timeDeltas in µs): leaf node ids in order.
    const samples = [4, 4, 3, 5, 6, 7, 4, 4];
    const profile: CpuProfile = {
      nodes,
      startTime: 0,
      endTime: 8000,
      samples,
      timeDeltas: samples.map(() => 1000),
    };
    const all = stageBreakdown(profile);
    expect(all.seconds['key/value/header conversion']).toBeCloseTo(0.004, 6);
    expect(all.seconds.GC).toBeCloseTo(0.001, 6);
    expect(all.seconds['other (event loop, I/O, start-up)']).toBeCloseTo(0.001, 6);
    expect(all.idleSeconds).toBeCloseTo(0.001, 6);
    // Only samples taken from 4.5 ms on: idle, the event loop, two conversions (the last has no
    // successor, so it stands for no time).
    const late = stageBreakdown(profile, 0.0045);
    expect(late.seconds['key/value/header conversion']).toBeCloseTo(0.001, 6);
    expect(late.seconds.GC).toBe(0);
    expect(late.busySeconds).toBeCloseTo(0.002, 6);
  });
});
