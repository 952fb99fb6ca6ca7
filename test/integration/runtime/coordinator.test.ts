// The coordinator against the real broker: topics.regex picks up topics created later, added
// partitions get leases, the autoscaler sizes the connector from its lag and says why in the
// status, and pausing takes every partition away from the tasks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, type KafkaAdmin } from '../../../shared/kafka/index.ts';
import { createKafkajs } from '../../../shared/kafka/kafkajs/client.ts';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { Coordinator } from '../../../shared/runtime/coordination/coordinator.ts';
import { MemoryCoordinatorState } from '../../../shared/runtime/coordination/coordinator-state.ts';
import type { TaskInvocationRequest } from '../../../shared/runtime/coordination/task-invoker.ts';
import { silentLogger } from '../../../shared/runtime/logger.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';
import { MemoryStatusStore } from '../../../shared/runtime/stores/memory-status-store.ts';
import { createTopic, produce, testConnection } from '../../support/kafka.ts';
import { uniqueName } from '../../support/local.ts';
import { createRecordingConnector } from '../../support/runtime.ts';

describe('Coordinator', () => {
  let admin: KafkaAdmin;
  beforeAll(() => {
    admin = createAdmin(testConnection);
  });
  afterAll(async () => {
    await admin.close();
  });

  async function setUp(
    topics: Record<string, string>,
    tasks: number,
    kafkaAdmin: () => KafkaAdmin = () => admin,
    name = uniqueName('coordinated'),
  ) {
    const configs = await MemoryConfigStore.open();
    const leases = new MemoryLeaseStore();
    const statuses = new MemoryStatusStore();
    const invoked: TaskInvocationRequest[] = [];
    const record = await createRecordingConnector(configs, name, topics.topics ?? '', topics, tasks);
    const coordinator = new Coordinator({
      configs,
      leases,
      state: new MemoryCoordinatorState(),
      statuses,
      invoker: { invoke: async (request) => void invoked.push(request) },
      admin: kafkaAdmin,
      logger: silentLogger,
      workerId: 'test',
      skewMs: 0,
      invokeGraceMs: 0,
    });
    return { name, configs, leases, statuses, invoked, record, coordinator };
  }

  it('follows topics.regex to new topics and added partitions', async () => {
    const prefix = uniqueName('regex');
    await createTopic(`${prefix}-a`, 2);
    const { name, leases, coordinator } = await setUp({ topics: '', 'topics.regex': `${prefix}-.*` }, 2);
    await coordinator.reconcile(name);
    expect((await leases.list(name)).map((l) => `${l.topic}:${l.partition}`)).toEqual([
      `${prefix}-a:0`,
      `${prefix}-a:1`,
    ]);

    await createTopic(`${prefix}-b`, 1);
    const kafka = createKafkajs(testConnection).admin();
    await kafka.connect();
    await kafka.createPartitions({ topicPartitions: [{ topic: `${prefix}-a`, count: 3 }] });
    await kafka.disconnect();
    await coordinator.reconcile(name);
    const after = await leases.list(name);
    expect(after.map((l) => `${l.topic}:${l.partition}`)).toEqual([
      `${prefix}-a:0`,
      `${prefix}-a:1`,
      `${prefix}-a:2`,
      `${prefix}-b:0`,
    ]);
    // Both tasks got work, balanced.
    expect(after.filter((l) => l.assignee === 0)).toHaveLength(2);
    expect(after.filter((l) => l.assignee === 1)).toHaveLength(2);
  });

  it('autoscales from lag within tasks.max and explains it in the status', async () => {
    const topic = uniqueName('lagging');
    await createTopic(topic, 6);
    await produce(
      Array.from({ length: 600 }, (_, i) => ({ topic, partition: i % 6, key: null, value: `v${i}` })),
    );
    const { name, leases, statuses, invoked, coordinator } = await setUp(
      { topics: topic, 'tasks.autoscale.enable': 'true', 'tasks.autoscale.initial.lag.per.task': '150' },
      8,
    );
    const result = await coordinator.reconcile(name);
    // 600 records of lag at 150 per task: 4 tasks, below tasks.max 8 and the 6 partitions.
    expect(result?.lag).toBe(600);
    expect(result?.activeTasks).toBe(4);
    expect(new Set((await leases.list(name)).map((l) => l.assignee))).toEqual(new Set([0, 1, 2, 3]));
    expect(invoked.map((i) => i.task).sort()).toEqual([0, 1, 2, 3]);
    const status = await statuses.connectorStatus(name);
    expect(status?.autoscaling).toMatchObject({ activeTasks: 4 });
    expect(status?.autoscaling?.reason).toMatch(/^scaled up from 1 to 4: lag 600 records/);
    const tasks = await statuses.taskStatuses(name);
    expect(tasks.filter((t) => t.state === 'UNASSIGNED').map((t) => t.task)).toEqual([4, 5, 6, 7]);
  });

  it('unassigns every partition of a paused connector and invokes nothing', async () => {
    const topic = uniqueName('pausing');
    await createTopic(topic, 3);
    await produce([{ topic, partition: 0, key: null, value: 'x' }]);
    const { name, configs, leases, statuses, invoked, coordinator } = await setUp({ topics: topic }, 2);
    await coordinator.reconcile(name);
    expect((await leases.list(name)).every((l) => l.assignee !== null)).toBe(true);
    const record = (await configs.get(name))!;
    await configs.update(name, record.version, { targetState: 'PAUSED' }, Date.now());
    invoked.length = 0;
    await coordinator.reconcile(name);
    expect((await leases.list(name)).every((l) => l.assignee === null)).toBe(true);
    expect(invoked).toEqual([]);
    expect((await statuses.connectorStatus(name))?.state).toBe('PAUSED');
    expect((await statuses.taskStatuses(name)).map((t) => t.state)).toEqual(['PAUSED', 'PAUSED']);
  });

  it("starts new leases at the offsets of Kafka Connect's group connect-<name>, once", async () => {
    const topic = uniqueName('taking-over');
    await createTopic(topic, 2);
    const name = uniqueName('taking-over');
    await admin.commitGroupOffsets(`connect-${name}`, [{ topic, partition: 1, offset: 7 }]);
    const { leases, coordinator } = await setUp({ topics: topic }, 1, () => admin, name);
    await coordinator.reconcile(name);
    // Partition 1 where Kafka Connect stopped; partition 0, never committed there, has no offset.
    expect((await leases.list(name)).map((l) => l.offset)).toEqual([null, 7]);
    // Only when leases are created: later group offsets do not move ours.
    await admin.commitGroupOffsets(`connect-${name}`, [{ topic, partition: 0, offset: 3 }]);
    await coordinator.reconcile(name);
    expect((await leases.list(name)).map((l) => l.offset)).toEqual([null, 7]);
  });

  it('leaves new partitions unleased while the group cannot be read, and still applies a pause', async () => {
    const topic = uniqueName('unreadable-group');
    await createTopic(topic, 1);
    let groupReadable = true;
    // The real admin, with the group read failing on demand (as a missing DescribeGroup grant would).
    const failing: KafkaAdmin = {
      partitionCounts: (topics) => admin.partitionCounts(topics),
      listTopics: () => admin.listTopics(),
      listOffsets: (topics, which) => admin.listOffsets(topics, which),
      createTopics: (topics) => admin.createTopics(topics),
      commitGroupOffsets: (group, offsets) => admin.commitGroupOffsets(group, offsets),
      fetchGroupOffsets: (group, topics) =>
        groupReadable ? admin.fetchGroupOffsets(group, topics) : Promise.reject(new Error('not authorized')),
      clusterId: () => admin.clusterId(),
      close: async () => {},
    };
    const { name, configs, leases, coordinator } = await setUp({ topics: topic }, 1, () => failing);
    await coordinator.reconcile(name);
    expect((await leases.list(name)).map((l) => l.assignee)).toEqual([0]);

    const kafka = createKafkajs(testConnection).admin();
    await kafka.connect();
    await kafka.createPartitions({ topicPartitions: [{ topic, count: 2 }] });
    await kafka.disconnect();
    groupReadable = false;
    const record = (await configs.get(name))!;
    await configs.update(name, record.version, { targetState: 'PAUSED' }, Date.now());
    await coordinator.reconcile(name);
    expect((await leases.list(name)).map((l) => `${l.partition}:${l.assignee}`)).toEqual(['0:null']);

    groupReadable = true;
    await coordinator.reconcile(name);
    expect((await leases.list(name)).map((l) => `${l.partition}:${l.assignee}`)).toEqual([
      '0:null',
      '1:null',
    ]);
  });
});
