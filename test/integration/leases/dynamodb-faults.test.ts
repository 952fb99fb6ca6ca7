// The lease store and the coordinator under the faults DynamoDB produces and DynamoDB Local does
// not: a proxy between the real SDK client and DynamoDB Local cancels transactions with
// TransactionConflict, refuses single writes with TransactionConflictException, throttles, and
// answers 500 (sometimes after applying the write). A file sink drains a topic through it while
// records keep arriving and tasks.max changes: every record must land in the file exactly once,
// and the lease history must never show two owners of a partition.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDBClient } from '../../../shared/aws/dynamodb-client.ts';
import { DynamoDBLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import { createProducer } from '../../../shared/kafka/index.ts';
import type { LocalRuntime } from '../../../shared/runtime/local-runtime.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';
import { MemoryStatusStore } from '../../../shared/runtime/stores/memory-status-store.ts';
import { type DynamoDBFaultProxy, startDynamoDBFaultProxy } from '../../support/dynamodb-faults.ts';
import { createTopic, testConnection } from '../../support/kafka.ts';
import { auditLeaseHistory } from '../../support/lease-audit.ts';
import { dynamodbEndpoint, localAwsClientConfig, uniqueName } from '../../support/local.ts';
import { setTasksMax, testRuntime } from '../../support/runtime.ts';
import { expectExactlyOnce, PlacedRecords, sinkUnderTest } from '../../support/sinks-under-test.ts';
import { localTable } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

const PARTITIONS = 6;
// The proxy's faults follow a seeded generator: a failing run is replayed with its seed.
const SEED = Number(process.env.SC_DYNAMODB_FAULT_SEED ?? 13);

describe('DynamoDB faults between the lease store and DynamoDB', () => {
  let proxy: DynamoDBFaultProxy;
  let runtime: LocalRuntime | undefined;
  const clients: { destroy(): void }[] = [];

  beforeAll(async () => {
    proxy = await startDynamoDBFaultProxy(
      dynamodbEndpoint,
      {
        transactionConflict: 0.25,
        writeConflict: 0.2,
        throttling: 0.1,
        serverError: 0.1,
      },
      SEED,
    );
  });

  afterAll(async () => {
    await runtime?.stop();
    await proxy.close();
    for (const client of clients) client.destroy();
  });

  it('a drain through conflicts, throttling and 500s loses nothing and repeats nothing', async () => {
    const topic = uniqueName('ddb-faults');
    const name = uniqueName('ddb-faulty');
    await createTopic(topic, PARTITIONS);
    const { client: direct, tableName } = await localTable();
    const faulty = createDynamoDBClient({ config: { ...localAwsClientConfig, endpoint: proxy.url } });
    clients.push(direct, faulty);
    const leases = new DynamoDBLeaseStore({ client: faulty, tableName });
    // The test reads the outcome past the proxy.
    const truth = new DynamoDBLeaseStore({ client: direct, tableName });
    const configs = await MemoryConfigStore.open();
    const sink = await sinkUnderTest('file', name, topic);
    await configs.create(
      { name, config: sink.config, taskConfigs: [{ ...sink.config }], targetState: 'RUNNING' },
      Date.now(),
    );
    const statuses = new MemoryStatusStore();
    runtime = testRuntime({ configs, leases, statuses });
    const running = runtime.run();

    const records = new PlacedRecords(topic, PARTITIONS);
    const producer = createProducer(testConnection);
    try {
      for (const tasks of [2, 1, 3]) {
        for (let round = 0; round < 20; round++) {
          await producer.send(records.next(150));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        // A config change: the task's invocation ends and a new one takes its partitions over.
        await setTasksMax(configs, name, tasks, sink.maxTasks);
        runtime.reconcileSoon();
      }
    } finally {
      await producer.close();
    }
    const perPartition = records.produced.length / PARTITIONS;
    await waitFor(
      'every offset committed',
      async () => {
        const current = await truth.list(name);
        return current.length === PARTITIONS && current.every((l) => l.offset === perPartition)
          ? true
          : undefined;
      },
      90_000,
      200,
    ).catch(async (error: unknown) => {
      // What a stalled drain looked like: the leases and the task states, with the seed to replay.
      const leasesNow = (await truth.list(name)).map((l) => [l.partition, l.assignee, l.owner, l.offset]);
      console.error(
        'stalled drain, seed',
        SEED,
        { perPartition, leasesNow },
        await statuses.taskStatuses(name),
      );
      throw error;
    });
    await runtime.stop();
    await running;
    runtime = undefined;

    expectExactlyOnce(sink.output(), records.produced);
    const audit = auditLeaseHistory(await truth.events(name));
    expect(audit.violations).toEqual([]);
    // Every kind of fault was met, and more than a few times.
    console.info(
      'injected DynamoDB faults',
      Object.fromEntries(proxy.injected),
      Object.fromEntries(proxy.requests),
    );
    for (const fault of [
      'TransactionConflict',
      'ProvisionedThroughputExceededException',
      'ThrottlingException',
      'InternalServerError',
      'InternalServerErrorAfterWrite',
    ] as const)
      expect(proxy.injected.get(fault) ?? 0).toBeGreaterThanOrEqual(3);
  });
});
