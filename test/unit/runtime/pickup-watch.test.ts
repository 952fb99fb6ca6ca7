// The coordinator's watch for records on idle connectors, on memory stores and a scripted view of
// the cluster's end offsets, with a virtual clock: when does it start a connector's tasks?
import { describe, expect, it } from 'vitest';
import type { KafkaAdmin } from '../../../shared/kafka/types.ts';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { pickupSettings, watchForRecords } from '../../../shared/runtime/coordination/pickup-watch.ts';
import { silentLogger } from '../../../shared/runtime/logger.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';

const topic = 'orders';

async function setup(config: Record<string, string> = {}) {
  let clock = 1_000_000;
  const configs = await MemoryConfigStore.open();
  const leases = new MemoryLeaseStore();
  const full = { 'connector.class': 'FileStreamSink', topics: topic, ...config };
  await configs.create({ name: 'c', config: full, taskConfigs: [full], targetState: 'RUNNING' }, clock);
  await leases.ensure('c', [{ topic, partition: 0 }], clock);
  await leases.assign('c', [{ topic, partition: 0, from: null, to: 0 }], clock);
  // Records arrive at these times: the end offset is how many arrived by now.
  const arrivals: number[] = [];
  const admin = {
    listOffsets: async () => [{ topic, partition: 0, offset: arrivals.filter((at) => at <= clock).length }],
  } as unknown as KafkaAdmin;
  const reconciled: number[] = [];
  const run = (untilMs: number) =>
    watchForRecords(
      {
        configs,
        leases,
        admin,
        logger: silentLogger,
        reconcile: async () => {
          reconciled.push(clock);
        },
        skewMs: 0,
        scheduleMs: 60_000,
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
        },
      },
      () => clock < untilMs,
    );
  return {
    leases,
    reconciled,
    run,
    now: () => clock,
    produceAt: (at: number) => {
      arrivals.push(at);
    },
  };
}

describe('pickup watch', () => {
  it('starts the tasks of an idle connector within one poll of a record arriving, once', async () => {
    const t = await setup();
    t.produceAt(t.now() + 10_000);
    const summary = await t.run(t.now() + 30_000);
    expect(t.reconciled).toHaveLength(1);
    expect(summary.wakeUps).toBe(1);
    expect(summary.watched).toBe(1);
  });

  it('leaves records to a task that is running', async () => {
    const t = await setup();
    const [lease] = await t.leases.list('c');
    await t.leases.claim(lease!, { invocation: 'i', task: 0 }, t.now(), 10 * 60_000, 0);
    t.produceAt(t.now() + 5000);
    await t.run(t.now() + 20_000);
    expect(t.reconciled).toEqual([]);
  });

  it('does not watch a connector that was quiet for longer than its window, or has the watch off', async () => {
    const quiet = await setup({ 'tasks.pickup.watch.ms': '1000' });
    quiet.produceAt(quiet.now() + 10_000);
    // Watched at first (just created), dropped at the next look: its last activity is 5 s old by then.
    await quiet.run(quiet.now() + 30_000);
    expect(quiet.reconciled).toEqual([]);
    const off = await setup({ 'tasks.pickup.target.ms': '60000' });
    off.produceAt(off.now() + 10_000);
    expect((await off.run(off.now() + 30_000)).watched).toBe(0);
    expect(off.reconciled).toEqual([]);
  });

  it('starts a connector created during the watch whose first record came before the watch first looked', async () => {
    let clock = 1_000_000;
    const configs = await MemoryConfigStore.open();
    const leases = new MemoryLeaseStore();
    const config = { 'connector.class': 'FileStreamSink', topics: topic };
    let end = 0;
    const admin = {
      listOffsets: async () => [{ topic, partition: 0, offset: end }],
    } as unknown as KafkaAdmin;
    const reconciled: number[] = [];
    const createdAt = clock + 2000;
    let created = false;
    await watchForRecords(
      {
        configs,
        leases,
        admin,
        logger: silentLogger,
        reconcile: async () => {
          reconciled.push(clock);
        },
        skewMs: 0,
        scheduleMs: 60_000,
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
          if (created || clock < createdAt) return;
          // Created (its reconcile found nothing to read), then its first record, all between two
          // looks at the list of connectors.
          created = true;
          await configs.create({ name: 'c', config, taskConfigs: [config], targetState: 'RUNNING' }, clock);
          await leases.ensure('c', [{ topic, partition: 0 }], clock);
          await leases.assign('c', [{ topic, partition: 0, from: null, to: 0 }], clock);
          end = 1;
        },
      },
      () => clock < createdAt + 30_000,
    );
    expect(reconciled).toHaveLength(1);
  });

  it('reads its settings leniently, with defaults', () => {
    expect(pickupSettings({})).toEqual({ targetMs: 5000, watchMs: 900_000 });
    expect(pickupSettings({ 'tasks.pickup.target.ms': 'x', 'tasks.pickup.watch.ms': '0' })).toEqual({
      targetMs: 5000,
      watchMs: 0,
    });
  });
});
