// A sink that checkpoints (the file sink stores its length with the offsets) must have a checkpoint
// stored before anything reaches it: after a crash, restore() cuts the output back to it. A task
// that starts before it holds any partition gets that baseline when the first partition arrives.
import { describe, expect, it } from 'vitest';
import type { JsonValue, SinkTask } from '../../../shared/api/connector.ts';
import type { SinkRecord } from '../../../shared/api/record.ts';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { memoryReader, runSinkRunner } from '../../support/sink-runner.ts';

/** Checkpoints the number of records it holds; its first put "crashes" the process. */
class CrashingCheckpointSink implements SinkTask {
  held = 0;
  start(): void {}
  put(records: readonly SinkRecord[]): void {
    this.held += records.length;
    throw new Error('crash after the records reached the sink');
  }
  flush(): void {}
  checkpoint(): JsonValue {
    return { held: this.held };
  }
  stop(): void {}
}

async function crashOnFirstPut(assignedFromStart: boolean) {
  const leases = new MemoryLeaseStore();
  const sink = new CrashingCheckpointSink();
  const run = runSinkRunner(
    sink,
    memoryReader(50, 10),
    { commitIntervalMs: 60_000, ownershipRefreshMs: 50 },
    { keepGoing: () => true },
    {
      leases,
      ...(assignedFromStart ? {} : { assignLater: (assign) => setTimeout(() => void assign(), 300) }),
    },
  );
  await expect(run).rejects.toThrow();
  return { sink, checkpoint: await leases.checkpoint('c', 0) };
}

describe('SinkTaskRunner baseline checkpoint', () => {
  it('is stored before the first put when the partitions are there at start', async () => {
    const { sink, checkpoint } = await crashOnFirstPut(true);
    expect(sink.held).toBe(20);
    expect(checkpoint).toEqual({ held: 0 });
  });

  it('is stored before the first put when the first partition arrives after the start', async () => {
    const { sink, checkpoint } = await crashOnFirstPut(false);
    expect(sink.held).toBe(20);
    expect(checkpoint).toEqual({ held: 0 });
  });
});
