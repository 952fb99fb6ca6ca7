// Zombie fencing: a task invocation frozen in the middle of a batch past its lease's expiry loses
// the partition to a new invocation. When it wakes up it may still hand its batch to the sink
// (nothing can stop a frozen process from finishing a call), but it can neither commit nor move
// the stored offset backwards, and it stops working on the partition. On the recording sink it
// freezes inside put(); on the shipped file sink it freezes with a fetched batch in hand, which
// it must drop unwritten when it wakes (its flush would append the lines after the successor's):
// the output file holds every record exactly once.

import { describe, expect, it } from 'vitest';
import type { PartitionReader } from '../../../shared/kafka/index.ts';
import { runTaskInvocation } from '../../../shared/runtime/tasks/task-invocation.ts';
import { createTopic, produce } from '../../support/kafka.ts';
import { auditLeaseHistory } from '../../support/lease-audit.ts';
import { uniqueName } from '../../support/local.ts';
import { ledger } from '../../support/recording-sink.ts';
import { invocationDeps, reconcileOnce, testKafkaClients } from '../../support/runtime.ts';
import {
  expectExactlyOnce,
  PlacedRecords,
  runtimeCases,
  sinkUnderTest,
} from '../../support/sinks-under-test.ts';
import { testStores } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

/** A reader whose first fetch that returns records does not return them until `thawed`. */
function freezingReader(
  reader: PartitionReader,
  thawed: Promise<void>,
  onFrozen: () => void,
): PartitionReader {
  let frozenOnce = false;
  return {
    fetch: async (positions, options) => {
      const fetched = await reader.fetch(positions, options);
      if (!frozenOnce && fetched.some((f) => f.records.length > 0)) {
        frozenOnce = true;
        onFrozen();
        await thawed;
      }
      return fetched;
    },
    close: () => reader.close(),
  };
}

describe.each(runtimeCases)('zombie fencing ($sink sink, $leases leases)', (kind) => {
  it('a frozen invocation that resumes after expiry cannot commit or move offsets backwards', async () => {
    const topic = uniqueName('zombie');
    const name = uniqueName('zombie-connector');
    await createTopic(topic, 1);
    const records = new PlacedRecords(topic, 1);
    await produce(records.next(100));
    const { configs, leases, cleanup } = await testStores(kind.leases);
    try {
      const output = await sinkUnderTest(kind.sink, name, topic);
      await configs.create(
        { name, config: output.config, taskConfigs: [{ ...output.config }], targetState: 'RUNNING' },
        Date.now(),
      );
      const invoked = await reconcileOnce(configs, leases, name);
      expect(invoked).toEqual([0]);

      // The first invocation freezes with offsets 0..99 in hand: inside put() (recording sink), or
      // right after the fetch that brought them (file sink).
      const sink = ledger(name);
      let thaw!: () => void;
      const frozen = new Promise<void>((resolve) => {
        thaw = resolve;
      });
      let isFrozen = false;
      let zombieInstance: number | undefined;
      sink.beforePut = async (instance) => {
        zombieInstance ??= instance;
        isFrozen = true;
        if (instance === zombieInstance) await frozen;
      };
      const kafka = {
        ...testKafkaClients,
        reader: () => freezingReader(testKafkaClients.reader(), frozen, () => (isFrozen = true)),
      };
      const ttlMs = 1500;
      const zombie = runTaskInvocation(
        { connector: name, task: 0, reason: 'assigned' },
        invocationDeps(configs, leases, { leaseTtlMs: ttlMs, ...(kind.sink === 'file' ? { kafka } : {}) }),
      );
      await waitFor('the zombie to hold the lease', async () =>
        (await leases.list(name))[0]?.owner ? true : undefined,
      );
      await waitFor('the zombie frozen with the batch in hand', () => (isFrozen ? true : undefined));
      const zombieLease = (await leases.list(name))[0]!;

      // Past expiry, a new invocation of the same task takes over and gets further.
      await new Promise((resolve) => setTimeout(resolve, ttlMs + 200));
      let stopSuccessor!: () => void;
      const successor = runTaskInvocation(
        { connector: name, task: 0, reason: 'assigned' },
        invocationDeps(configs, leases, {
          leaseTtlMs: ttlMs,
          onStart: (runner) => (stopSuccessor = () => runner.stop()),
        }),
      );
      await produce(records.next(50));
      await waitFor('the successor to commit offset 150', async () =>
        (await leases.list(name))[0]?.offset === 150 ? true : undefined,
      );
      const successorLease = (await leases.list(name))[0]!;
      expect(successorLease.epoch).toBe(zombieLease.epoch + 1);
      expect(successorLease.owner).not.toBe(zombieLease.owner);

      // The zombie wakes up: its commit is refused and the offset stays where the successor put it.
      thaw();
      const zombieOutcome = await zombie;
      expect(zombieOutcome.status).toBe('finished');
      if (zombieOutcome.status === 'finished') {
        // (A checkpointing sink, the file sink, commits a baseline before its first write.)
        if (kind.sink === 'recording') expect(zombieOutcome.summary.commits).toBe(0);
        expect(zombieOutcome.summary.lastHeld).toEqual([]);
      }
      const after = (await leases.list(name))[0]!;
      expect(after.offset).toBe(150);
      expect(after.epoch).toBe(successorLease.epoch);
      expect(after.owner).toBe(successorLease.owner);

      stopSuccessor();
      await successor;
      const audit = auditLeaseHistory(await leases.events(name));
      expect(audit.violations).toEqual([]);
      expect(audit.takeovers).toBe(1);
      if (kind.sink === 'recording') {
        // The successor delivered all 150; the zombie's late batch is the only repetition.
        const bySuccessor = sink.deliveries.filter((d) => d.instance !== zombieInstance).map((d) => d.offset);
        expect(bySuccessor).toEqual(Array.from({ length: 150 }, (_, i) => i));
      } else {
        expectExactlyOnce(output.output(), records.produced);
      }
    } finally {
      await cleanup();
    }
  });
});
