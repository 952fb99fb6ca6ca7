// A fetch of many records reaches the sink in puts of at most max.poll.records, in offset order, and
// the offsets commit only once every slice was put and flushed.
import { describe, expect, it } from 'vitest';
import type { SinkTask } from '../../../shared/api/connector.ts';
import type { SinkRecord } from '../../../shared/api/record.ts';
import type { FetchPosition, KafkaAdmin, KafkaRecord, PartitionReader } from '../../../shared/kafka/types.ts';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { silentLogger } from '../../../shared/runtime/logger.ts';
import { builtinPlugins } from '../../../shared/runtime/plugins/builtin-plugins.ts';
import { LeaseOwnership } from '../../../shared/runtime/tasks/lease-ownership.ts';
import { createSinkPipeline } from '../../../shared/runtime/tasks/sink-pipeline-factory.ts';
import { defaultRunnerSettings, SinkTaskRunner } from '../../../shared/runtime/tasks/sink-task-runner.ts';
import { runnerSettings, workerDefaults } from '../../../shared/runtime/worker-config.ts';

const TOPIC = 't';

/** Each partition holds `count` records, all returned by the first fetch. */
function oneFetchReader(count: number): PartitionReader {
  return {
    async fetch(positions: readonly FetchPosition[]) {
      return positions.map((p) => {
        const records: KafkaRecord[] = [];
        for (let offset = p.offset; offset < count; offset++) {
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
        return { topic: p.topic, partition: p.partition, records, highWatermark: count, nextOffset: count };
      });
    },
    async close() {},
  };
}

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

async function run(count: number, maxPutRecords: number | undefined) {
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
  const sink = new RecordingSink();
  const config = {
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
  };
  let polls = 1;
  const runner = new SinkTaskRunner({
    connector: 'c',
    taskId: 0,
    task: sink,
    taskConfig: {},
    pipeline: createSinkPipeline(config, workerDefaults(), builtinPlugins(), null),
    reader: oneFetchReader(count),
    admin,
    ownership: new LeaseOwnership({
      store: leases,
      connector: 'c',
      claimant: { invocation: 'i1', task: 0 },
      ttlMs: 30_000,
      skewMs: 0,
    }),
    settings: { ...defaultRunnerSettings, commitIntervalMs: 60_000, maxPutRecords },
    logger: silentLogger,
  });
  const summary = await runner.run({ keepGoing: () => polls-- > 0 });
  const offsets = new Map((await leases.list('c')).map((l) => [l.partition, l.offset]));
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
