// Handover and DynamoDB cost of the distributed runtime, measured on DynamoDB Local and the local
// broker: while records flow into a 12-partition topic, the connector's concurrency steps through
// 1 → 4 → 2 → 6 → 3 (twice). For every partition that changes task, the handover time is from the
// concurrency change until its new owner claimed it (the lease history's claim time); the figures
// are p50 and p99 over all moved partitions. DynamoDB requests are counted at the client, all
// stores included, and reported per 1,000 records the sink received.
//
// Runnable alone: node bench/handover.ts [--records-per-second N]

import { ensureInfra } from '../scripts/infra/index.ts';
import { endpoints } from '../scripts/infra/settings.ts';
import { countRequests, createDynamoDBClient } from '../shared/aws/dynamodb-client.ts';
import { DynamoDbConfigStore } from '../shared/aws/dynamodb-config-store.ts';
import { DynamoDBCoordinatorState } from '../shared/aws/dynamodb-coordinator-state.ts';
import { DynamoDBLeaseStore } from '../shared/aws/dynamodb-lease-store.ts';
import { DynamoDbStatusStore } from '../shared/aws/dynamodb-status-store.ts';
import { ensureTable } from '../shared/aws/table.ts';
import { createAdmin, createProducer, type KafkaConnection } from '../shared/kafka/index.ts';
import { LocalRuntime } from '../shared/runtime/local-runtime.ts';
import { silentLogger } from '../shared/runtime/logger.ts';
import { workerDefaults } from '../shared/runtime/worker-config.ts';
import { ledger } from '../test/support/recording-sink.ts';
import { setTasksMax, testKafkaClients, testRegistry } from '../test/support/runtime.ts';
import { percentile, round } from './support/stats.ts';

const PARTITIONS = 12;
const STEPS = [4, 2, 6, 3, 1, 4, 2, 6, 3];

export interface HandoverResult {
  readonly partitions: number;
  readonly steps: readonly number[];
  readonly movedPartitions: number;
  readonly handoverP50Ms: number;
  readonly handoverP99Ms: number;
  readonly handoverMaxMs: number;
  readonly records: number;
  readonly dynamodbRequests: number;
  readonly dynamodbRequestsPer1000Records: number;
  readonly leaseWritesPer1000Records: number;
  readonly byCommand: Readonly<Record<string, number>>;
}

export async function runHandoverBench(
  recordsPerSecond = 2000,
  log: (line: string) => void = () => {},
): Promise<HandoverResult> {
  await ensureInfra(['kafka', 'dynamodb'], log);
  const connection: KafkaConnection = { brokers: [endpoints.kafkaBootstrap], clientId: 'sc-bench-handover' };
  const client = createDynamoDBClient({
    config: {
      endpoint: endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    },
  });
  const tableName = `sc-bench-${Date.now()}`;
  await ensureTable(client, tableName);
  const requests = countRequests(client);
  const topic = `sc-bench-handover-${Date.now()}`;
  const name = `handover-${Date.now()}`;
  const admin = createAdmin(connection);
  await admin.createTopics([{ topic, partitions: PARTITIONS, replicationFactor: 1 }]);

  const configs = new DynamoDbConfigStore(client, tableName);
  const leases = new DynamoDBLeaseStore({ client, tableName });
  const config = {
    'connector.class': 'test.serverless.connect.RecordingSinkConnector',
    topics: topic,
    'tasks.max': '1',
    'tasks.autoscale.enable': 'false',
    ledger: name,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
  };
  await configs.create({ name, config, taskConfigs: [{ ...config }], targetState: 'RUNNING' }, Date.now());
  const runtime = new LocalRuntime({
    configs,
    leases,
    state: new DynamoDBCoordinatorState(client, tableName),
    statuses: new DynamoDbStatusStore(client, tableName),
    registry: testRegistry,
    // Kafka Connect's default commit interval would hide the lease cost per batch; 1 s is ours.
    worker: { ...workerDefaults(), 'offset.flush.interval.ms': '1000' },
    kafka: testKafkaClients,
    admin,
    logger: silentLogger,
    workerId: 'bench',
    leaseTtlMs: 10_000,
    reconcileIntervalMs: 1000,
  });
  const running = runtime.run();
  requests.reset();

  const producer = createProducer(connection);
  let producing = true;
  let produced = 0;
  const batch = Math.max(PARTITIONS, Math.round(recordsPerSecond / 20));
  const load = (async () => {
    while (producing) {
      await producer.send(
        Array.from({ length: batch }, (_, i) => ({
          topic,
          partition: (produced + i) % PARTITIONS,
          key: null,
          value: `r${produced + i}`,
        })),
      );
      produced += batch;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  const settled = async (tasks: number) => {
    for (;;) {
      const current = await leases.list(name);
      const owners = new Set(current.map((l) => l.ownerTask));
      if (
        current.length === PARTITIONS &&
        current.every((l) => l.owner !== null && l.ownerTask === l.assignee) &&
        owners.size === tasks
      )
        return current;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const handovers: number[] = [];
  let before = await settled(1);
  for (const tasks of STEPS) {
    const changedAt = Date.now();
    await setTasksMax(configs, name, tasks);
    runtime.reconcileSoon();
    const after = await settled(tasks);
    const events = (await leases.events(name)).filter((e) => e.at >= changedAt && e.type !== 'released');
    for (const lease of after) {
      const previous = before.find((l) => l.partition === lease.partition);
      if (previous?.ownerTask === lease.ownerTask) continue;
      const claim = events.find((e) => e.partition === lease.partition && e.task === lease.ownerTask);
      if (claim) handovers.push(claim.at - changedAt);
    }
    log(`concurrency ${tasks}: ${handovers.length} partitions moved so far`);
    before = after;
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }

  producing = false;
  await load;
  await producer.close();
  const sink = ledger(name);
  while (sink.distinct() < produced) await new Promise((resolve) => setTimeout(resolve, 50));
  await runtime.stop();
  await running;
  const records = sink.distinct();
  const leaseWrites = requests.byCommand.TransactWriteItemsCommand ?? 0;
  const result: HandoverResult = {
    partitions: PARTITIONS,
    steps: [1, ...STEPS],
    movedPartitions: handovers.length,
    handoverP50Ms: percentile(handovers, 50),
    handoverP99Ms: percentile(handovers, 99),
    handoverMaxMs: Math.max(...handovers),
    records,
    dynamodbRequests: requests.total,
    dynamodbRequestsPer1000Records: round((requests.total / records) * 1000),
    leaseWritesPer1000Records: round((leaseWrites / records) * 1000),
    byCommand: { ...requests.byCommand },
  };
  client.destroy();
  return result;
}

export function handoverMarkdown(result: HandoverResult): string {
  return [
    '| handover p50 | handover p99 | max | moved partitions | records | DynamoDB requests / 1,000 records | lease transactions / 1,000 records |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${result.handoverP50Ms} ms | ${result.handoverP99Ms} ms | ${result.handoverMaxMs} ms | ${result.movedPartitions} | ${result.records} | ${result.dynamodbRequestsPer1000Records} | ${result.leaseWritesPer1000Records} |`,
  ].join('\n');
}

if (import.meta.main) {
  const flag = process.argv.indexOf('--records-per-second');
  const rate = flag > 0 ? Number(process.argv[flag + 1]) : 2000;
  const result = await runHandoverBench(rate, (line) => console.log(line));
  console.log(handoverMarkdown(result));
  console.log(JSON.stringify(result.byCommand));
}
