// Rebalance under load: records keep arriving on a 12-partition topic while the connector's
// concurrency goes 1 → 4 → 2 → 6 → 3. Every record must reach the sink, none twice (hand-overs
// commit before they release), and the lease history must never show two owners of a partition.
// Run on the recording sink and on the shipped file sink (one task whatever tasks.max says, so
// every change hands its partitions from one invocation of the task to the next), whose output
// file must hold every record exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createProducer } from '../../../shared/kafka/index.ts';
import type { LeaseStore } from '../../../shared/leases/lease.ts';
import type { LocalRuntime } from '../../../shared/runtime/local-runtime.ts';
import type { ConfigStore } from '../../../shared/runtime/stores/config-store.ts';
import { createTopic, testConnection } from '../../support/kafka.ts';
import { auditLeaseHistory } from '../../support/lease-audit.ts';
import { uniqueName } from '../../support/local.ts';
import { ledger } from '../../support/recording-sink.ts';
import { setTasksMax, testRuntime } from '../../support/runtime.ts';
import {
  expectExactlyOnce,
  PlacedRecords,
  type RuntimeCase,
  runtimeCases,
  type SinkUnderTest,
  sinkUnderTest,
} from '../../support/sinks-under-test.ts';
import { testStores } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

const PARTITIONS = 12;
const STEPS = [4, 2, 6, 3];

describe.each(runtimeCases)('rebalance under load ($sink sink, $leases leases)', (kind: RuntimeCase) => {
  const topic = uniqueName('rebalance');
  const name = uniqueName('rebalancing');
  let configs: ConfigStore;
  let leases: LeaseStore;
  let runtime: LocalRuntime;
  let cleanup: () => Promise<void>;
  let output: SinkUnderTest;

  beforeAll(async () => {
    await createTopic(topic, PARTITIONS);
    ({ configs, leases, cleanup } = await testStores(kind.leases));
    output = await sinkUnderTest(kind.sink, name, topic);
  });

  afterAll(async () => {
    await runtime?.stop();
    await cleanup?.();
  });

  it('delivers every record exactly once and never has two owners of a partition', async () => {
    const config = output.config;
    await configs.create({ name, config, taskConfigs: [{ ...config }], targetState: 'RUNNING' }, Date.now());
    if (kind.sink === 'recording') ledger(name).putDelayMs = 5;
    runtime = testRuntime({ configs, leases });
    const running = runtime.run();

    // Continuous load: a batch every 20 ms, spread over all partitions.
    const producer = createProducer(testConnection);
    let producing = true;
    const records = new PlacedRecords(topic, PARTITIONS);
    const load = (async () => {
      while (producing) {
        await producer.send(records.next(24));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const settled = async (tasks: number) =>
      waitFor(`${tasks} task(s) to own all partitions`, async () => {
        const current = await leases.list(name);
        const owners = new Set(current.map((l) => l.ownerTask));
        const done =
          current.length === PARTITIONS &&
          current.every((l) => l.owner !== null && l.ownerTask === l.assignee) &&
          owners.size === tasks;
        return done ? current : undefined;
      });

    await settled(1);
    for (const tasks of STEPS) {
      await setTasksMax(configs, name, tasks, output.maxTasks);
      runtime.reconcileSoon();
      const after = await settled(Math.min(tasks, output.maxTasks));
      // Balanced: loads differ by at most one partition.
      const loads = [...Map.groupBy(after, (l) => l.ownerTask).values()].map((l) => l.length);
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    producing = false;
    await load;
    await producer.close();
    const admin = createAdmin(testConnection);
    const ends = await admin.listOffsets([topic], 'latest');
    await admin.close();
    const total = ends.reduce((sum, o) => sum + o.offset, 0);
    expect(total).toBe(records.produced.length);

    await waitFor(
      'every record in the sink',
      () => (output.output().length >= total ? true : undefined),
      120_000,
    );
    await waitFor('every offset committed', async () => {
      const current = await leases.list(name);
      return current.every((l) => l.offset === ends.find((e) => e.partition === l.partition)?.offset)
        ? true
        : undefined;
    });
    await runtime.stop();

    // Per partition the sink's output holds offsets 0, 1, 2, ... in order across every hand-over:
    // two overlapping owners (or a lost batch) would show up here as a repeat, a step back or a gap.
    expectExactlyOnce(output.output(), records.produced);
    if (kind.sink === 'recording') {
      const sink = ledger(name);
      expect(sink.duplicates()).toBe(0);
      expect(sink.outOfOrder()).toEqual([]);
      expect([...sink.writers().values()].some((n) => n > 1)).toBe(true);
    }
    const audit = auditLeaseHistory(await leases.events(name));
    expect(audit.violations).toEqual([]);
    expect(audit.takeovers).toBe(0);
    expect(audit.claims).toBeGreaterThan(PARTITIONS);
    await running;
  });
});
