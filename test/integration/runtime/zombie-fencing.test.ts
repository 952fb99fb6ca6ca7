// Zombie fencing: a task invocation frozen in the middle of a batch past its lease's expiry loses
// the partition to a new invocation. When it wakes up it may still hand its batch to the sink
// (nothing can stop a frozen process from finishing a call), but it can neither commit nor move
// the stored offset backwards, and it stops working on the partition.
import { describe, expect, it } from 'vitest';
import { runTaskInvocation } from '../../../shared/runtime/tasks/task-invocation.ts';
import { createTopic, produce } from '../../support/kafka.ts';
import { auditLeaseHistory } from '../../support/lease-audit.ts';
import { uniqueName } from '../../support/local.ts';
import { ledger } from '../../support/recording-sink.ts';
import { createRecordingConnector, invocationDeps, reconcileOnce } from '../../support/runtime.ts';
import { storeKinds, testStores } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

const records = (topic: string, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ topic, partition: 0, key: null, value: `r${from + i}` }));

describe.each(storeKinds)('zombie fencing (%s leases)', (kind) => {
  it('a frozen invocation that resumes after expiry cannot commit or move offsets backwards', async () => {
    const topic = uniqueName('zombie');
    const name = uniqueName('zombie-connector');
    await createTopic(topic, 1);
    await produce(records(topic, 0, 100));
    const { configs, leases, cleanup } = await testStores(kind);
    try {
      await createRecordingConnector(configs, name, topic);
      const invoked = await reconcileOnce(configs, leases, name);
      expect(invoked).toEqual([0]);

      // The first invocation freezes inside put() with offsets 0..99 in hand.
      const sink = ledger(name);
      let thaw!: () => void;
      const frozen = new Promise<void>((resolve) => {
        thaw = resolve;
      });
      let zombieInstance: number | undefined;
      sink.beforePut = async (instance) => {
        zombieInstance ??= instance;
        if (instance === zombieInstance) await frozen;
      };
      const ttlMs = 1500;
      const zombie = runTaskInvocation(
        { connector: name, task: 0, reason: 'assigned' },
        invocationDeps(configs, leases, { leaseTtlMs: ttlMs }),
      );
      await waitFor('the zombie to hold the lease', async () =>
        (await leases.list(name))[0]?.owner ? true : undefined,
      );
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
      await produce(records(topic, 100, 50));
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
        expect(zombieOutcome.summary.commits).toBe(0);
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
      // The successor delivered all 150; the zombie's late batch is the only repetition.
      const bySuccessor = sink.deliveries.filter((d) => d.instance !== zombieInstance).map((d) => d.offset);
      expect(bySuccessor).toEqual(Array.from({ length: 150 }, (_, i) => i));
    } finally {
      await cleanup();
    }
  });
});
