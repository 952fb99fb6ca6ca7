// GET /connectors/{name}/leases against the real broker and runtime: every partition owned, at an
// epoch, with committed and end offsets and lag from the coordinator's look at the log; after a
// concurrency change the partitions spread over the new tasks; the autoscaler's history grows and the
// dead letter queue is counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, produce } from '../../support/kafka.ts';
import { uniqueName } from '../../support/local.ts';
import { type InProcessWorker, startInProcessWorker } from '../../support/standalone-worker.ts';
import { waitFor } from '../../support/wait.ts';

const PARTITIONS = 6;

describe('GET /connectors/{name}/leases', () => {
  const topic = uniqueName('leases');
  const dlq = uniqueName('leases-dlq');
  const name = uniqueName('leases-connector');
  let worker: InProcessWorker;
  const config = (tasksMax: number) => ({
    'connector.class': 'test.serverless.connect.RecordingSinkConnector',
    topics: topic,
    'tasks.max': String(tasksMax),
    'tasks.autoscale.enable': 'false',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    'errors.tolerance': 'all',
    'errors.deadletterqueue.topic.name': dlq,
    'errors.deadletterqueue.topic.replication.factor': '1',
  });
  type View = {
    active_tasks: number;
    partitions: {
      partition: number;
      owner_task: number | null;
      epoch: number;
      committed_offset: number | null;
      end_offset: number | null;
      lag: number | null;
    }[];
    autoscaling: { history: { active_tasks: number }[] };
    dead_letter_queue: { topic: string; records: number } | null;
  };
  const leases = async () => (await worker.call('GET', `/connectors/${name}/leases`)).body as View;
  const settled = (view: View, tasks: number) =>
    view.active_tasks === tasks &&
    view.partitions.length === PARTITIONS &&
    view.partitions.every((p) => p.owner_task !== null && p.owner_task < tasks && p.lag === 0) &&
    new Set(view.partitions.map((p) => p.owner_task)).size === tasks;

  beforeAll(async () => {
    await createTopic(topic, PARTITIONS);
    // Ten good records per partition, and one that is not JSON (to the dead letter queue).
    await produce(
      Array.from({ length: PARTITIONS * 10 }, (_, i) => ({
        topic,
        partition: i % PARTITIONS,
        key: null,
        value: i === 7 ? 'not json' : JSON.stringify({ i }),
      })),
    );
    worker = await startInProcessWorker();
  });

  afterAll(async () => {
    await worker?.call('DELETE', `/connectors/${name}`);
    await worker?.stop();
  });

  it('shows every partition owned, with epoch, offsets and lag, before and after a concurrency change', async () => {
    expect((await worker.call('POST', '/connectors', { name, config: config(3) })).status).toBe(201);
    const first = await waitFor('3 tasks owning every partition', async () => {
      const view = await leases();
      return settled(view, 3) ? view : undefined;
    });
    for (const p of first.partitions) {
      expect(p.epoch).toBeGreaterThanOrEqual(1);
      expect(p.committed_offset).toBe(10);
      expect(p.end_offset).toBe(10);
    }
    // The coordinator counts the dead letter queue when it looks, which may be before the write.
    await waitFor('the dead letter queue counted', async () => {
      const counted = (await leases()).dead_letter_queue;
      return counted?.records === 1 ? counted : undefined;
    });
    expect((await leases()).dead_letter_queue).toEqual({ topic: dlq, records: 1 });

    expect((await worker.call('PUT', `/connectors/${name}/config`, config(2))).status).toBe(200);
    const second = await waitFor('2 tasks owning every partition', async () => {
      const view = await leases();
      return settled(view, 2) ? view : undefined;
    });
    expect(second.autoscaling.history.map((d) => d.active_tasks)).toEqual([3, 2]);
    // Partitions that moved were claimed again: their epoch grew.
    const moved = second.partitions.filter(
      (p) => p.owner_task !== first.partitions.find((q) => q.partition === p.partition)!.owner_task,
    );
    expect(moved.length).toBeGreaterThan(0);
    for (const p of moved)
      expect(p.epoch).toBeGreaterThan(first.partitions.find((q) => q.partition === p.partition)!.epoch);

    await produce([{ topic, partition: 0, key: null, value: JSON.stringify({ late: true }) }]);
    await waitFor('the new record committed', async () => {
      const p0 = (await leases()).partitions.find((p) => p.partition === 0)!;
      return p0.committed_offset === 11 && p0.end_offset === 11 && p0.lag === 0 ? p0 : undefined;
    });
  });

  it('answers 404 in Kafka’s shape for an unknown connector, and needs the token like any endpoint', async () => {
    expect(await worker.call('GET', '/connectors/no-such-connector/leases')).toEqual({
      status: 404,
      body: { error_code: 404, message: 'Connector no-such-connector not found' },
    });
    const anonymous = await fetch(`${worker.url}/connectors/${name}/leases`);
    expect(anonymous.status).toBe(401);
  });
});
