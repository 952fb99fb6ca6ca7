// The Elasticsearch sink in the distributed runtime: the coordinator assigns 6 partitions through
// leases in DynamoDB Local, task invocations write 50,000 keyed records into OpenSearch, and the
// connector's concurrency goes 1 → 3 → 2 while they do. Every key ends holding its last record,
// every offset is committed, and the lease history never shows two owners of a partition.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../../shared/kafka/index.ts';
import type { LeaseStore } from '../../../shared/leases/lease.ts';
import type { LocalRuntime } from '../../../shared/runtime/local-runtime.ts';
import type { ConfigStore } from '../../../shared/runtime/stores/config-store.ts';
import { createTopic, produce, testConnection } from '../../support/kafka.ts';
import { documentProblems, keyedSinkConfig, keyedWorkload } from '../../support/keyed-documents.ts';
import { auditLeaseHistory } from '../../support/lease-audit.ts';
import { uniqueName } from '../../support/local.ts';
import { allDocuments, countDocuments, createBulkIndex, opensearchUrl } from '../../support/opensearch.ts';
import { setTasksMax, testRuntime } from '../../support/runtime.ts';
import { useServices } from '../../support/services.ts';
import { testStores } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

const RECORDS = 50_000;
const KEYS = 20_000;
const PARTITIONS = 6;

describe('Elasticsearch sink in the distributed runtime (DynamoDB Local leases)', () => {
  const topic = uniqueName('es-dist');
  const name = uniqueName('es-dist');
  let configs: ConfigStore;
  let leases: LeaseStore;
  let runtime: LocalRuntime | undefined;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    await useServices('opensearch');
    await createTopic(topic, PARTITIONS);
    ({ configs, leases, cleanup } = await testStores('dynamodb'));
  });

  afterAll(async () => {
    await runtime?.stop();
    await cleanup?.();
  });

  it('lands 50,000 keyed records exactly while concurrency goes 1 → 3 → 2', async () => {
    const workload = keyedWorkload(topic, RECORDS, KEYS);
    // Produced in three parts, one per concurrency, so that each phase has records of its own.
    await produce(workload.records.slice(0, 20_000), 5000);
    await createBulkIndex(topic);
    const config = { name, ...keyedSinkConfig(topic, opensearchUrl, 1), 'tasks.autoscale.enable': 'false' };
    await configs.create({ name, config, taskConfigs: [{ ...config }], targetState: 'RUNNING' }, Date.now());
    runtime = testRuntime({ configs, leases });
    const running = runtime.run();

    const owners = async (tasks: number) =>
      waitFor(
        `${tasks} task(s) owning all ${PARTITIONS} partitions`,
        async () => {
          const current = await leases.list(name);
          const settled =
            current.length === PARTITIONS &&
            current.every((l) => l.owner !== null && l.ownerTask === l.assignee) &&
            new Set(current.map((l) => l.ownerTask)).size === tasks;
          return settled ? true : undefined;
        },
        120_000,
      );
    const committed = async () => (await leases.list(name)).reduce((sum, l) => sum + (l.offset ?? 0), 0);
    const reached = (what: string, records: number) =>
      waitFor(what, async () => ((await committed()) >= records ? true : undefined), 180_000, 100);

    await owners(1);
    await reached('a first part indexed by one task', 8_000);
    await setTasksMax(configs, name, 3);
    runtime.reconcileSoon();
    await owners(3);
    await produce(workload.records.slice(20_000, 35_000), 5000);
    await reached('more indexed by three tasks', 25_000);
    await setTasksMax(configs, name, 2);
    runtime.reconcileSoon();
    await owners(2);
    // The last part is written by the two tasks alone.
    await produce(workload.records.slice(35_000), 5000);

    const admin = createAdmin(testConnection);
    const ends = await admin.listOffsets([topic], 'latest');
    await admin.close();
    await waitFor(
      'every offset committed',
      async () => {
        const current = await leases.list(name);
        return current.every((l) => l.offset === ends.find((e) => e.partition === l.partition)?.offset)
          ? true
          : undefined;
      },
      240_000,
      200,
    );
    await runtime.stop();
    await running;

    const documents = await allDocuments(topic);
    expect(documentProblems(workload, documents)).toEqual([]);
    expect(documents.size).toBe(KEYS);
    expect(await countDocuments(topic)).toBe(KEYS);
    const audit = auditLeaseHistory(await leases.events(name));
    expect(audit.violations).toEqual([]);
    expect(audit.claims).toBeGreaterThan(PARTITIONS);
  });
});
