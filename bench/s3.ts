// The S3 sink into LocalStack's S3: records/s, MB/s and CPU per record through the whole connector
// (fetch, JsonConverter, JsonFormat, rotation, uploads, offset commits), next to a plain uploader
// that writes the very same bytes with the same SDK in the same run: the limit the store and the
// client set, which the connector can approach but not pass.
//
// Runnable alone: node bench/s3.ts [records]
import { Upload } from '@aws-sdk/lib-storage';
import { ensureInfra } from '../scripts/infra/index.ts';
import { endpoints } from '../scripts/infra/settings.ts';
import { createAdmin, createProducer, type KafkaConnection } from '../shared/kafka/index.ts';
import { MemoryLeaseStore } from '../shared/leases/memory-lease-store.ts';
import { MemoryCoordinatorState } from '../shared/runtime/coordination/coordinator-state.ts';
import { LocalRuntime } from '../shared/runtime/local-runtime.ts';
import { silentLogger } from '../shared/runtime/logger.ts';
import { builtinPlugins } from '../shared/runtime/plugins/builtin-plugins.ts';
import { MemoryConfigStore } from '../shared/runtime/stores/memory-config-store.ts';
import { MemoryStatusStore } from '../shared/runtime/stores/memory-status-store.ts';
import { workerDefaults } from '../shared/runtime/worker-config.ts';
import { testKafkaClients } from '../test/support/runtime.ts';
import {
  createBucket,
  listObjects,
  localStackS3Sink,
  readObjects,
  s3TestClient,
} from '../test/support/s3.ts';
import { round } from './support/stats.ts';

const PARTITIONS = 6;
const FLUSH_SIZE = 10_000;

export interface S3BenchResult {
  readonly records: number;
  readonly partitions: number;
  readonly flushSize: number;
  readonly objects: number;
  readonly megabytes: number;
  readonly connector: {
    seconds: number;
    recordsPerSecond: number;
    mbPerSecond: number;
    cpuMsPer1000Records: number;
  };
  readonly plainUpload: { seconds: number; mbPerSecond: number; cpuMsPerMb: number };
}

export async function runS3Bench(
  records = 300_000,
  log: (line: string) => void = () => {},
): Promise<S3BenchResult> {
  await ensureInfra(['kafka', 'localstack'], log);
  // Whole objects only: every partition gets a multiple of flush.size.
  const perPartition = Math.max(FLUSH_SIZE, Math.round(records / PARTITIONS / FLUSH_SIZE) * FLUSH_SIZE);
  const total = perPartition * PARTITIONS;
  const connection: KafkaConnection = { brokers: [endpoints.kafkaBootstrap], clientId: 'sc-bench-s3' };
  const topic = `sc-bench-s3-${Date.now()}`;
  const admin = createAdmin(connection);
  await admin.createTopics([{ topic, partitions: PARTITIONS, replicationFactor: 1 }]);
  log(`s3: producing ${total.toLocaleString('en-US')} JSON records (~200 bytes) to ${PARTITIONS} partitions`);
  const producer = createProducer(connection);
  const pad = 'x'.repeat(120);
  for (let start = 0; start < total; start += 10_000) {
    await producer.send(
      Array.from({ length: Math.min(10_000, total - start) }, (_, j) => {
        const i = start + j;
        return {
          topic,
          partition: i % PARTITIONS,
          key: null,
          value: `{"id":${i},"customer":"c-${i % 9973}","amount":${(i % 1000) * 1.5},"note":"${pad}"}`,
        };
      }),
    );
  }
  await producer.close();

  const s3 = s3TestClient();
  const bucket = await createBucket(s3, `sc-bench-${Date.now()}`);
  const configs = await MemoryConfigStore.open();
  const leases = new MemoryLeaseStore();
  const name = `s3-bench-${Date.now()}`;
  const config = {
    ...localStackS3Sink(bucket),
    topics: topic,
    'tasks.max': '3',
    'tasks.autoscale.enable': 'false',
    'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
    'flush.size': String(FLUSH_SIZE),
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
  };
  await configs.create(
    { name, config, taskConfigs: [config, config, config], targetState: 'RUNNING' },
    Date.now(),
  );
  const runtime = new LocalRuntime({
    configs,
    leases,
    state: new MemoryCoordinatorState(),
    statuses: new MemoryStatusStore(),
    registry: builtinPlugins(),
    worker: { ...workerDefaults(), 'bootstrap.servers': endpoints.kafkaBootstrap },
    kafka: testKafkaClients,
    admin,
    logger: silentLogger,
    workerId: 'bench',
    leaseTtlMs: 10_000,
    reconcileIntervalMs: 500,
  });
  log('s3: connector run (3 tasks, JsonFormat, flush.size 10000)');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const running = runtime.run();
  while ((await leases.list(name)).reduce((sum, l) => sum + (l.offset ?? 0), 0) < total) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await runtime.stop();
  await running;
  const objects = await listObjects(s3, bucket);
  const bytes = objects.reduce((sum, o) => sum + o.size, 0);
  const mb = bytes / 1e6;

  log('s3: plain uploader, the same bytes');
  const bodies = await readObjects(s3, bucket);
  const plainBucket = await createBucket(s3, `sc-bench-plain-${Date.now()}`);
  const pcpu0 = process.cpuUsage();
  const p0 = performance.now();
  const queue = [...bodies];
  // Three at a time, as the three tasks upload.
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        await new Upload({ client: s3, params: { Bucket: plainBucket, Key: next[0], Body: next[1] } }).done();
      }
    }),
  );
  const plainSeconds = (performance.now() - p0) / 1000;
  const plainCpu = process.cpuUsage(pcpu0);
  s3.destroy();
  await admin.close();
  return {
    records: total,
    partitions: PARTITIONS,
    flushSize: FLUSH_SIZE,
    objects: objects.length,
    megabytes: round(mb, 1),
    connector: {
      seconds: round(seconds, 2),
      recordsPerSecond: Math.round(total / seconds),
      mbPerSecond: round(mb / seconds, 1),
      cpuMsPer1000Records: round(((cpu.user + cpu.system) / 1000 / total) * 1000, 2),
    },
    plainUpload: {
      seconds: round(plainSeconds, 2),
      mbPerSecond: round(mb / plainSeconds, 1),
      cpuMsPerMb: round((plainCpu.user + plainCpu.system) / 1000 / mb, 2),
    },
  };
}

export function s3Markdown(r: S3BenchResult): string {
  return [
    '| run | seconds | records/s | MB/s | CPU |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| S3 sink (3 tasks, JSON, flush.size ${r.flushSize}) | ${r.connector.seconds} | ${r.connector.recordsPerSecond.toLocaleString('en-US')} | ${r.connector.mbPerSecond} | ${r.connector.cpuMsPer1000Records} ms / 1,000 records |`,
    `| plain multipart uploader, same ${r.objects} objects (${r.megabytes} MB) | ${r.plainUpload.seconds} | | ${r.plainUpload.mbPerSecond} | ${r.plainUpload.cpuMsPerMb} ms / MB |`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const records = Number(process.argv[2] ?? 300_000);
  runS3Bench(records, (line) => console.log(line))
    .then((result) => {
      console.log(JSON.stringify(result, null, 2));
      console.log(s3Markdown(result));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
