// Section 3: the Kafka read path alone. Our PartitionReader (each client library behind it)
// reads the whole throughput topic by explicit offsets, as a task does, without converting
// anything; Kafka's own ConsumerPerformance tool reads the same topic in the same run.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { classpath } from '../scripts/infra/jars.ts';
import { javaBinary } from '../scripts/infra/java.ts';
import {
  createAdmin,
  createPartitionReader,
  type FetchPosition,
  type KafkaClientName,
  type KafkaConnection,
  kafkaClientNames,
} from '../shared/kafka/index.ts';
import { defaultRunnerSettings } from '../shared/runtime/tasks/sink-task-runner.ts';
import type { Dataset } from './dataset.ts';
import { KAFKA_SCRIPT_JVM_FLAGS } from './sinks/kafka-connect.ts';
import { BenchProcess } from './support/child.ts';
import { UsageSampler } from './support/proc-stats.ts';

export interface ReaderFigures {
  readonly reader: string;
  readonly records: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly megabytesPerSecond: number;
  readonly cpuSecondsPerMillion: number;
  /** From creating the client to the first records in hand: metadata, connection, first fetch. */
  readonly firstFetchMs: number | null;
}

export interface ReadPathResult {
  readonly readers: readonly ReaderFigures[];
  /** ConsumerPerformance's own figures; its fetch rate excludes joining the consumer group. */
  readonly consumerPerformance: ReaderFigures & {
    readonly fetchRecordsPerSecond: number;
    readonly groupJoinMs: number;
    readonly processSeconds: number;
  };
}

async function readWholeTopic(
  connection: KafkaConnection,
  client: KafkaClientName,
  dataset: Dataset,
): Promise<ReaderFigures> {
  const admin = createAdmin(connection);
  const starts = await admin.listOffsets([dataset.topic], 'earliest');
  const ends = new Map(
    (await admin.listOffsets([dataset.topic], 'latest')).map((o) => [o.partition, o.offset]),
  );
  await admin.close();

  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  const reader = createPartitionReader(connection, client);
  let positions: FetchPosition[] = starts.map((o) => ({
    topic: o.topic,
    partition: o.partition,
    offset: o.offset,
  }));
  let records = 0;
  let bytes = 0;
  let firstAt: number | undefined;
  try {
    while (positions.length > 0) {
      const fetched = await reader.fetch(positions, {
        maxWaitMs: defaultRunnerSettings.fetchMaxWaitMs,
        maxBytes: defaultRunnerSettings.fetchMaxBytes,
        partitionMaxBytes: defaultRunnerSettings.partitionMaxBytes,
      });
      const next = new Map(positions.map((p) => [p.partition, p]));
      for (const partition of fetched) {
        for (const record of partition.records) bytes += record.value?.length ?? 0;
        records += partition.records.length;
        if (partition.records.length > 0) firstAt ??= performance.now();
        next.set(partition.partition, { ...next.get(partition.partition)!, offset: partition.nextOffset });
      }
      positions = [...next.values()].filter((p) => p.offset < (ends.get(p.partition) ?? 0));
    }
  } finally {
    await reader.close();
  }
  const seconds = (performance.now() - began) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    reader: `PartitionReader (${client})`,
    records,
    seconds,
    recordsPerSecond: records / seconds,
    megabytesPerSecond: bytes / 1e6 / seconds,
    cpuSecondsPerMillion: (cpu.user + cpu.system) / 1e6 / (records / 1e6),
    firstFetchMs: firstAt === undefined ? null : firstAt - began,
  };
}

/**
 * ConsumerPerformance prints a header and one row: start.time, end.time, data.consumed.in.MB,
 * MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec,
 * fetch.nMsg.sec. Columns are looked up by name so a reordering does not go unnoticed.
 */
export function parseConsumerPerformance(output: string): Record<string, number> {
  const lines = output.split('\n').map((l) => l.trim());
  const headerIndex = lines.findIndex((l) => l.startsWith('start.time'));
  const header = lines[headerIndex]?.split(/,\s*/);
  const row = lines[headerIndex + 1]?.split(/,\s*/);
  if (!header || !row || row.length !== header.length) {
    throw new Error(`unexpected ConsumerPerformance output:\n${output}`);
  }
  const values: Record<string, number> = {};
  header.forEach((name, i) => {
    values[name] = Number(row[i]);
  });
  return values;
}

async function consumerPerformance(
  connection: KafkaConnection,
  dataset: Dataset,
  dir: string,
  heapMb: number,
): Promise<ReadPathResult['consumerPerformance']> {
  const logFile = path.join(dir, `consumer-perf-${randomUUID().slice(0, 8)}.log`);
  const began = performance.now();
  const tool = new BenchProcess(
    'ConsumerPerformance',
    javaBinary(),
    [
      `-Xmx${heapMb}m`,
      ...KAFKA_SCRIPT_JVM_FLAGS,
      '-cp',
      classpath('kafka'),
      'org.apache.kafka.tools.ConsumerPerformance',
      '--bootstrap-server',
      connection.brokers[0]!,
      '--topic',
      dataset.topic,
      '--messages',
      String(dataset.records),
      '--group',
      `bench-perf-${randomUUID().slice(0, 8)}`,
      '--timeout',
      '60000',
    ],
    logFile,
  );
  const sampler = new UsageSampler(tool.pid, 100);
  const exit = await tool.exited;
  const usage = sampler.stop();
  const processSeconds = (performance.now() - began) / 1000;
  if (exit.code !== 0) throw new Error(`ConsumerPerformance failed (${exit.code}):\n${tool.logTail()}`);
  const values = parseConsumerPerformance(tool.logTail(20));
  const records = values['data.consumed.in.nMsg'] ?? Number.NaN;
  const seconds = records / (values['nMsg.sec'] ?? Number.NaN);
  return {
    reader: 'Kafka ConsumerPerformance (Java consumer, group)',
    records,
    seconds,
    recordsPerSecond: values['nMsg.sec'] ?? Number.NaN,
    megabytesPerSecond: ((values['data.consumed.in.MB'] ?? Number.NaN) * 1024 * 1024) / 1e6 / seconds,
    cpuSecondsPerMillion: usage.cpuSeconds / (records / 1e6),
    firstFetchMs: null,
    fetchRecordsPerSecond: values['fetch.nMsg.sec'] ?? Number.NaN,
    groupJoinMs: values['rebalance.time.ms'] ?? Number.NaN,
    processSeconds,
  };
}

export async function runReadPath(
  connection: KafkaConnection,
  dataset: Dataset,
  dir: string,
  heapMb: number,
  log: (line: string) => void,
): Promise<ReadPathResult> {
  const readers: ReaderFigures[] = [];
  for (const client of kafkaClientNames) {
    log(`reading ${dataset.topic} with PartitionReader (${client})`);
    const figures = await readWholeTopic(connection, client, dataset);
    if (figures.records !== dataset.records) {
      throw new Error(`PartitionReader (${client}) read ${figures.records} of ${dataset.records} records`);
    }
    readers.push(figures);
  }
  log(`reading ${dataset.topic} with Kafka's ConsumerPerformance`);
  return { readers, consumerPerformance: await consumerPerformance(connection, dataset, dir, heapMb) };
}
