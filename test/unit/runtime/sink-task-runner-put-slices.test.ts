// A fetch of many records reaches the sink in puts of at most max.poll.records, in offset order, and
// the offsets commit only once every slice was put and flushed.
import { describe, expect, it } from 'vitest';
import type { SinkTask } from '../../../shared/api/connector.ts';
import type { SinkRecord } from '../../../shared/api/record.ts';
import { defaultRunnerSettings } from '../../../shared/runtime/tasks/sink-task-runner.ts';
import { runnerSettings, workerDefaults } from '../../../shared/runtime/worker-config.ts';
import { memoryReader, runSinkRunner } from '../../support/sink-runner.ts';

class RecordingSink implements SinkTask {
  readonly puts: { partition: number; offset: number }[][] = [];
  /** Records put when each flush happened. */
  readonly flushedAt: number[] = [];
  start(): void {}
  put(records: readonly SinkRecord[]): void {
    this.puts.push(records.map((r) => ({ partition: r.kafkaPartition, offset: r.kafkaOffset })));
  }
  flush(): void {
    this.flushedAt.push(this.puts.flat().length);
  }
  stop(): void {}
}

/** Every record of both partitions comes with the first fetch. */
async function run(count: number, maxPutRecords: number | undefined) {
  const sink = new RecordingSink();
  let polls = 1;
  const { summary, offsets } = await runSinkRunner(
    sink,
    memoryReader(count),
    { commitIntervalMs: 60_000, maxPutRecords },
    { keepGoing: () => polls-- > 0 },
  );
  return { summary, sink, offsets };
}

describe('SinkTaskRunner puts a large fetch in slices', () => {
  it('puts at most max.poll.records at a time, in order, and commits after the last slice', async () => {
    const { sink, offsets, summary } = await run(1234, 500);
    expect(sink.puts.map((p) => p.length)).toEqual([500, 500, 500, 500, 468]);
    const all = sink.puts.flat();
    expect(all.filter((r) => r.partition === 0).map((r) => r.offset)).toEqual(
      Array.from({ length: 1234 }, (_, i) => i),
    );
    expect(all.filter((r) => r.partition === 1)).toHaveLength(1234);
    // One flush, at the end, with every record put.
    expect(sink.flushedAt).toEqual([2468]);
    expect(summary.recordsPut).toBe(2468);
    expect(offsets).toEqual(
      new Map([
        [0, 1234],
        [1, 1234],
      ]),
    );
  });

  it('defaults to 500 as Kafka does, and takes consumer.override.max.poll.records', () => {
    expect(defaultRunnerSettings.maxPutRecords).toBe(500);
    const worker = { ...workerDefaults(), 'consumer.max.poll.records': '2000' };
    expect(runnerSettings(worker, {}).maxPutRecords).toBe(2000);
    expect(runnerSettings(worker, { 'consumer.override.max.poll.records': '50' }).maxPutRecords).toBe(50);
    expect(() => runnerSettings(worker, { 'consumer.override.max.poll.records': '0' })).toThrow(/at least 1/);
  });
});
