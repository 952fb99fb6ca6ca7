// A SinkTaskRunner over two leased partitions of topic `t`, with an in-memory reader instead of
// Kafka: for unit tests of what the runner does between fetch, put, flush and commit.
import type { SinkTask } from '../../shared/api/connector.ts';
import type { FetchPosition, KafkaAdmin, KafkaRecord, PartitionReader } from '../../shared/kafka/types.ts';
import { MemoryLeaseStore } from '../../shared/leases/memory-lease-store.ts';
import { silentLogger } from '../../shared/runtime/logger.ts';
import { builtinPlugins } from '../../shared/runtime/plugins/builtin-plugins.ts';
import { LeaseOwnership } from '../../shared/runtime/tasks/lease-ownership.ts';
import { createSinkPipeline } from '../../shared/runtime/tasks/sink-pipeline-factory.ts';
import {
  defaultRunnerSettings,
  type RunLimits,
  SinkTaskRunner,
  type SinkTaskRunnerSettings,
} from '../../shared/runtime/tasks/sink-task-runner.ts';
import { workerDefaults } from '../../shared/runtime/worker-config.ts';

const TOPIC = 't';

/** Every partition holds `count` string records `v<offset>`; each fetch returns at most `perFetch`. */
export function memoryReader(count: number, perFetch = Number.POSITIVE_INFINITY): PartitionReader {
  return {
    async fetch(positions: readonly FetchPosition[]) {
      return positions.map((p) => {
        const end = Math.min(count, p.offset + perFetch);
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

/** Runs `task` on partitions 0 and 1 of `t` (string converters) until `limits` say stop. */
export async function runSinkRunner(
  task: SinkTask,
  reader: PartitionReader,
  settings: Partial<SinkTaskRunnerSettings>,
  limits: RunLimits,
  options: {
    leases?: MemoryLeaseStore;
    /** Called instead of assigning the partitions to task 0 before the run starts. */
    assignLater?: (assign: () => Promise<unknown>) => void;
  } = {},
) {
  const leases = options.leases ?? new MemoryLeaseStore();
  const partitions = [0, 1].map((partition) => ({ topic: TOPIC, partition }));
  await leases.ensure('c', partitions, Date.now());
  const assign = () =>
    leases.assign(
      'c',
      partitions.map((p) => ({ ...p, from: null, to: 0 })),
      Date.now(),
    );
  if (options.assignLater) options.assignLater(assign);
  else await assign();
  const admin = {
    listOffsets: async () => partitions.map((p) => ({ ...p, offset: 0 })),
  } as unknown as KafkaAdmin;
  const config = {
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
  };
  const runner = new SinkTaskRunner({
    connector: 'c',
    taskId: 0,
    task,
    taskConfig: {},
    pipeline: createSinkPipeline(config, workerDefaults(), builtinPlugins(), null),
    reader,
    admin,
    ownership: new LeaseOwnership({
      store: leases,
      connector: 'c',
      claimant: { invocation: 'i1', task: 0 },
      ttlMs: 30_000,
      skewMs: 0,
    }),
    settings: { ...defaultRunnerSettings, ...settings },
    logger: silentLogger,
  });
  const summary = await runner.run(limits);
  const offsets = new Map((await leases.list('c')).map((l) => [l.partition, l.offset]));
  return { summary, offsets };
}
