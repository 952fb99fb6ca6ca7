// A sink with Kafka's preCommit (an object store that cuts objects every N records): the runner
// commits what preCommit reports, never the fetched positions, and when the time budget ends it
// keeps reading until the open objects are complete instead of dropping them.
import { describe, expect, it } from 'vitest';
import type { SinkTask, TopicPartition } from '../../../shared/api/connector.ts';
import { topicPartitionKey } from '../../../shared/api/connector.ts';
import type { SinkRecord } from '../../../shared/api/record.ts';
import { memoryReader, runSinkRunner } from '../../support/sink-runner.ts';

const OBJECT = 10;

/** Holds records until it has OBJECT of a partition, then "uploads" them as one object. */
class ObjectSink implements SinkTask {
  readonly objects: { partition: number; first: number; last: number }[] = [];
  readonly #open = new Map<number, number[]>();
  readonly #committable = new Map<string, number>();
  start(): void {}
  put(records: readonly SinkRecord[]): void {
    for (const r of records) {
      const open = this.#open.get(r.kafkaPartition) ?? [];
      open.push(r.kafkaOffset);
      this.#open.set(r.kafkaPartition, open);
      if (open.length === OBJECT) {
        this.objects.push({ partition: r.kafkaPartition, first: open[0]!, last: r.kafkaOffset });
        this.#committable.set(topicPartitionKey(r.topic, r.kafkaPartition), r.kafkaOffset + 1);
        this.#open.set(r.kafkaPartition, []);
      }
    }
  }
  /** Only before final commits (the end of the run): counted, to show it is not called per batch. */
  flushes = 0;
  flush(): void {
    this.flushes++;
  }
  preCommit(): ReadonlyMap<string, number> {
    return new Map(this.#committable);
  }
  close(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) this.#open.delete(tp.partition);
  }
  stop(): void {}
}

/** Each fetch returns at most 7 records of a partition. */
async function run(count: number, polls: number, drain: boolean) {
  const sink = new ObjectSink();
  let budget = polls;
  const { summary, offsets } = await runSinkRunner(
    sink,
    memoryReader(count, 7),
    { commitIntervalMs: 0 },
    { keepGoing: () => budget-- > 0, ...(drain ? { drainWhile: () => true } : {}) },
  );
  return { summary, sink, offsets };
}

describe('SinkTaskRunner with a preCommit sink', () => {
  it('commits the offsets preCommit reports (after the last complete object); flush only at the end', async () => {
    const { offsets, sink } = await run(100, 3, false);
    expect(sink.flushes).toBe(1);
    // 3 polls of 7 records: 21 read per partition, objects 0-9 and 10-19 complete.
    expect(sink.objects.filter((o) => o.partition === 0)).toEqual([
      { partition: 0, first: 0, last: 9 },
      { partition: 0, first: 10, last: 19 },
    ]);
    expect(offsets).toEqual(
      new Map([
        [0, 20],
        [1, 20],
      ]),
    );
  });

  it('drains at the budget: reads on until the open objects are complete', async () => {
    const { offsets, sink, summary } = await run(100, 3, true);
    expect(summary.reason).toBe('budget');
    // At the budget each partition had read 21 records (object 20-29 open): it is finished.
    expect(offsets).toEqual(
      new Map([
        [0, 30],
        [1, 30],
      ]),
    );
    expect(sink.objects.filter((o) => o.partition === 1).map((o) => o.first)).toEqual([0, 10, 20]);
  });

  it('stops draining when no more records come, keeping the last complete object as the commit', async () => {
    const { offsets } = await run(25, 3, true);
    expect(offsets).toEqual(
      new Map([
        [0, 20],
        [1, 20],
      ]),
    );
  });
});
