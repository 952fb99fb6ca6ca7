// A sink with Kafka's preCommit (an object store that cuts objects every N records): the runner
// commits what preCommit reports, never the fetched positions, and when the time budget ends it
// keeps reading until the open objects are complete instead of dropping them.
import { describe, expect, it } from 'vitest';
import type { SinkTask, TopicPartition } from '../../../shared/api/connector.ts';
import { topicPartitionKey } from '../../../shared/api/connector.ts';
import type { SinkRecord } from '../../../shared/api/record.ts';
import type { FetchPosition, KafkaAdmin, KafkaRecord, PartitionReader } from '../../../shared/kafka/types.ts';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { silentLogger } from '../../../shared/runtime/logger.ts';
import { builtinPlugins } from '../../../shared/runtime/plugins/builtin-plugins.ts';
import { LeaseOwnership } from '../../../shared/runtime/tasks/lease-ownership.ts';
import { createSinkPipeline } from '../../../shared/runtime/tasks/sink-pipeline-factory.ts';
import { defaultRunnerSettings, SinkTaskRunner } from '../../../shared/runtime/tasks/sink-task-runner.ts';
import { workerDefaults } from '../../../shared/runtime/worker-config.ts';

const TOPIC = 't';
const OBJECT = 10;

/** Every partition holds `count` records; each fetch returns at most 7 of them. */
function fakeReader(count: number): PartitionReader {
  return {
    async fetch(positions: readonly FetchPosition[]) {
      return positions.map((p) => {
        const end = Math.min(count, p.offset + 7);
        const records: KafkaRecord[] = [];
        for (let offset = p.offset; offset < end; offset++) {
          records.push({
            topic: p.topic,
            partition: p.partition,
            offset,
            timestamp: 0,
            timestampType: 'CreateTime',
            key: null,
            value: Buffer.from(`v${offset}`),
            headers: [],
          });
        }
        return {
          topic: p.topic,
          partition: p.partition,
          records,
          highWatermark: count,
          nextOffset: Math.max(end, p.offset),
        };
      });
    },
    async close() {},
  };
}

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

async function run(count: number, polls: number, drain: boolean) {
  const leases = new MemoryLeaseStore();
  const partitions = [0, 1].map((partition) => ({ topic: TOPIC, partition }));
  await leases.ensure('c', partitions, Date.now());
  await leases.assign(
    'c',
    partitions.map((p) => ({ ...p, from: null, to: 0 })),
    Date.now(),
  );
  const admin = {
    listOffsets: async () => partitions.map((p) => ({ ...p, offset: 0 })),
  } as unknown as KafkaAdmin;
  const sink = new ObjectSink();
  const config = {
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
  };
  let budget = polls;
  const runner = new SinkTaskRunner({
    connector: 'c',
    taskId: 0,
    task: sink,
    taskConfig: {},
    pipeline: createSinkPipeline(config, workerDefaults(), builtinPlugins(), null),
    reader: fakeReader(count),
    admin,
    ownership: new LeaseOwnership({
      store: leases,
      connector: 'c',
      claimant: { invocation: 'i1', task: 0 },
      ttlMs: 30_000,
      skewMs: 0,
    }),
    settings: { ...defaultRunnerSettings, commitIntervalMs: 0 },
    logger: silentLogger,
  });
  const summary = await runner.run({
    keepGoing: () => budget-- > 0,
    ...(drain ? { drainWhile: () => true } : {}),
  });
  const offsets = new Map((await leases.list('c')).map((l) => [l.partition, l.offset]));
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
