// Poison records: a value that is not JSON fails the JsonConverter. With errors.tolerance=all it
// goes to the dead letter queue with its original bytes and headers plus Kafka Connect's
// __connect.errors.* context headers, and the rest flows on; with none the task turns FAILED
// with the error in its status, and its offsets do not move past the bad record.
import { describe, expect, it } from 'vitest';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';
import { MemoryStatusStore } from '../../../shared/runtime/stores/memory-status-store.ts';
import { runTaskInvocation } from '../../../shared/runtime/tasks/task-invocation.ts';
import { createTopic, produce, readPartition } from '../../support/kafka.ts';
import { uniqueName } from '../../support/local.ts';
import { ledger } from '../../support/recording-sink.ts';
import { createRecordingConnector, invocationDeps, reconcileOnce } from '../../support/runtime.ts';

const POISON = new Set([7, 15, 22]);

async function setUp(extra: Record<string, string>) {
  const topic = uniqueName('poison');
  const name = uniqueName('poisoned');
  await createTopic(topic, 1);
  await produce(
    Array.from({ length: 30 }, (_, i) => ({
      topic,
      partition: 0,
      key: `k${i}`,
      value: POISON.has(i) ? `{"broken": ${i}` : JSON.stringify({ id: i }),
      headers: [['trace-id', `t${i}`]] as const,
    })),
  );
  const configs = await MemoryConfigStore.open();
  const leases = new MemoryLeaseStore();
  const statuses = new MemoryStatusStore();
  await createRecordingConnector(configs, name, topic, {
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    ...extra,
  });
  await reconcileOnce(configs, leases, name);
  return { topic, name, configs, leases, statuses };
}

describe('poison records', () => {
  it('errors.tolerance=all: bad records go to the DLQ with context headers, the rest reaches the sink', async () => {
    const dlq = uniqueName('dlq');
    const { name, topic, configs, leases, statuses } = await setUp({
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': dlq,
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
      'errors.log.enable': 'true',
    });
    const outcome = await runTaskInvocation(
      { connector: name, task: 0, reason: 'assigned' },
      invocationDeps(configs, leases, { statuses, idlePolls: 2 }),
    );
    expect(outcome.status).toBe('finished');
    if (outcome.status === 'finished') expect(outcome.summary.recordsFailed).toBe(3);

    const delivered = ledger(name).deliveries.map((d) => d.offset);
    expect(delivered).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((i) => !POISON.has(i)));
    expect((await leases.list(name))[0]?.offset).toBe(30);

    const dead = await readPartition(dlq);
    expect(dead.map((r) => r.value?.toString())).toEqual([...POISON].map((i) => `{"broken": ${i}`));
    const first = dead[0]!;
    expect(first.key?.toString()).toBe('k7');
    const headers = new Map(first.headers.map(([k, v]) => [k, v?.toString()]));
    expect(headers.get('trace-id')).toBe('t7');
    expect(headers.get('__connect.errors.topic')).toBe(topic);
    expect(headers.get('__connect.errors.partition')).toBe('0');
    expect(headers.get('__connect.errors.offset')).toBe('7');
    expect(headers.get('__connect.errors.connector.name')).toBe(name);
    expect(headers.get('__connect.errors.task.id')).toBe('0');
    expect(headers.get('__connect.errors.stage')).toBe('VALUE_CONVERTER');
    expect(headers.get('__connect.errors.class.name')).toBe('org.apache.kafka.connect.json.JsonConverter');
    expect(headers.get('__connect.errors.exception.class.name')).toBe(
      'org.apache.kafka.connect.errors.DataException',
    );
    expect(headers.get('__connect.errors.exception.message')).toMatch(/.+/);
    expect(headers.get('__connect.errors.exception.stacktrace')).toMatch(/.+/);
    expect((await statuses.taskStatuses(name))[0]?.state).toBe('RUNNING');
  });

  it('errors.tolerance=none: the task turns FAILED with the error, and offsets stop before the bad record', async () => {
    const { name, configs, leases, statuses } = await setUp({});
    const outcome = await runTaskInvocation(
      { connector: name, task: 0, reason: 'assigned' },
      invocationDeps(configs, leases, { statuses, idlePolls: 2 }),
    );
    expect(outcome.status).toBe('failed');
    const [status] = await statuses.taskStatuses(name);
    expect(status?.state).toBe('FAILED');
    expect(status?.trace).toContain('Tolerance exceeded in error handler');
    expect(status?.trace).toContain('VALUE_CONVERTER');
    const committed = (await leases.list(name))[0]?.offset ?? 0;
    expect(committed).toBeLessThanOrEqual(7);
    // Nothing after the poison record reached the sink.
    expect(Math.max(-1, ...ledger(name).deliveries.map((d) => d.offset))).toBeLessThan(7);
    // The partition is released for whoever restarts the task.
    expect((await leases.list(name))[0]?.owner).toBeNull();
  });
});
