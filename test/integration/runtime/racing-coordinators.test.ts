// Racing coordinators: two coordinators reconcile the same connector at once, over and over,
// without the coordinator lock, while its tasks.max keeps changing and tasks keep working. Every
// assignee write is conditional and only tasks move ownership, so the lease history must still
// show one owner per partition at any moment, and the sink every record once, in order: on the
// recording sink, and in the output file of the shipped file sink.
import { describe, expect, it } from 'vitest';
import { createAdmin, createProducer } from '../../../shared/kafka/index.ts';
import { Coordinator } from '../../../shared/runtime/coordination/coordinator.ts';
import { MemoryCoordinatorState } from '../../../shared/runtime/coordination/coordinator-state.ts';
import { silentLogger } from '../../../shared/runtime/logger.ts';
import { createTopic, testConnection } from '../../support/kafka.ts';
import { auditLeaseHistory } from '../../support/lease-audit.ts';
import { uniqueName } from '../../support/local.ts';
import { ledger } from '../../support/recording-sink.ts';
import { setTasksMax, testRuntime } from '../../support/runtime.ts';
import {
  expectExactlyOnce,
  PlacedRecords,
  runtimeCases,
  sinkUnderTest,
} from '../../support/sinks-under-test.ts';
import { testStores } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

const PARTITIONS = 8;

describe.each(runtimeCases)('racing coordinators ($sink sink, $leases leases)', (kind) => {
  it('never produce two owners of a partition', async () => {
    const topic = uniqueName('race');
    const name = uniqueName('raced');
    await createTopic(topic, PARTITIONS);
    const { configs, leases, cleanup } = await testStores(kind.leases);
    const admin = createAdmin(testConnection);
    try {
      const output = await sinkUnderTest(kind.sink, name, topic);
      await configs.create(
        { name, config: output.config, taskConfigs: [{ ...output.config }], targetState: 'RUNNING' },
        Date.now(),
      );
      // Coordinator A drives the tasks; coordinator B races it with its own memory of scaling.
      const runtime = testRuntime({ configs, leases, reconcileIntervalMs: 50 });
      const running = runtime.run();
      const rival = new Coordinator({
        configs,
        leases,
        state: new MemoryCoordinatorState(),
        invoker: runtime.invoker,
        admin: () => admin,
        logger: silentLogger,
        workerId: 'rival',
        skewMs: 0,
        invokeGraceMs: 0,
      });
      let racing = true;
      const race = (async () => {
        while (racing) await Promise.all([rival.reconcile(name), runtime.coordinator.reconcile(name)]);
      })();

      const producer = createProducer(testConnection);
      const records = new PlacedRecords(topic, PARTITIONS);
      for (const tasks of [3, 5, 2, 4, 1, 6]) {
        await producer.send(records.next(400));
        await setTasksMax(configs, name, tasks, output.maxTasks);
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
      await producer.close();
      const produced = records.produced.length;
      await waitFor(
        'every record in the sink',
        () => (output.output().length >= produced ? true : undefined),
        120_000,
      );
      racing = false;
      await race;
      await runtime.stop();
      await running;

      expectExactlyOnce(output.output(), records.produced);
      if (kind.sink === 'recording') {
        const sink = ledger(name);
        expect(sink.outOfOrder()).toEqual([]);
        expect(sink.duplicates()).toBe(0);
      }
      const audit = auditLeaseHistory(await leases.events(name));
      expect(audit.violations).toEqual([]);
      expect(audit.claims).toBeGreaterThan(PARTITIONS);
    } finally {
      await admin.close();
      await cleanup();
    }
  });
});
