// The behaviour every LeaseStore adapter promises (shared/leases/lease.ts), as one suite that the
// in-memory and the DynamoDB test files both run: if an adapter passes, the coordinator and the
// task runner cannot tell them apart.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { JsonValue, TopicPartition } from '../../shared/api/connector.ts';
import { ConnectError, DataError } from '../../shared/api/errors.ts';
import {
  type Claimant,
  type Lease,
  LeaseLostError,
  type LeaseStore,
  SOURCE_TASK_TOPIC,
  sourceTaskLease,
} from '../../shared/leases/lease.ts';
import { uniqueName } from './local.ts';

export interface LeaseStoreContractOptions {
  /** Runs of the property-based concurrency checks (each run is a few hundred store calls). */
  readonly propertyRuns: number;
}

const ttl = 10_000;
const skew = 1_000;
const t0 = 1_000_000;

const taskA: Claimant = { invocation: 'invocation-a', task: 0 };
const taskB: Claimant = { invocation: 'invocation-b', task: 1 };

function partitions(topic: string, count: number): TopicPartition[] {
  return Array.from({ length: count }, (_, partition) => ({ topic, partition }));
}

async function leaseOf(
  store: LeaseStore,
  connector: string,
  topic: string,
  partition: number,
): Promise<Lease> {
  const lease = (await store.list(connector)).find((l) => l.topic === topic && l.partition === partition);
  if (!lease) throw new Error(`no lease for ${topic}-${partition}`);
  return lease;
}

/** Creates a connector with `count` partitions of `topic`, all assigned to `task`. */
async function assigned(store: LeaseStore, topic: string, count: number, task: number): Promise<string> {
  const connector = uniqueName('leases');
  await store.ensure(connector, partitions(topic, count), t0);
  const changed = await store.assign(
    connector,
    partitions(topic, count).map((tp) => ({ ...tp, from: null, to: task })),
    t0,
  );
  expect(changed).toBe(count);
  return connector;
}

/** Claims every lease of the connector for `claimant`, failing the test if one is refused. */
async function claimAll(
  store: LeaseStore,
  connector: string,
  claimant: Claimant,
  now: number,
): Promise<Lease[]> {
  const claimed: Lease[] = [];
  for (const lease of await store.list(connector)) {
    const result = await store.claim(lease, claimant, now, ttl, skew);
    if (!result) throw new Error(`claim of ${lease.topic}-${lease.partition} refused`);
    claimed.push(result);
  }
  return claimed;
}

async function lostPartitions(promise: Promise<unknown>): Promise<TopicPartition[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LeaseLostError);
  return (error as LeaseLostError).partitions.map((tp) => ({ topic: tp.topic, partition: tp.partition }));
}

/** A source connector with `tasks` task leases, all assigned to task 0 so one claimant can take them. */
async function sourceConnector(store: LeaseStore, tasks: number): Promise<string> {
  const connector = uniqueName('source-leases');
  const leases = Array.from({ length: tasks }, (_, task) => sourceTaskLease(task));
  await store.ensure(connector, leases, t0);
  await store.assign(
    connector,
    leases.map((tp) => ({ ...tp, from: null, to: 0 })),
    t0,
  );
  return connector;
}

const byFile = (a: { partition: Record<string, unknown> }, b: { partition: Record<string, unknown> }) =>
  JSON.stringify(a.partition) < JSON.stringify(b.partition) ? -1 : 1;

export function leaseStoreContract(store: () => LeaseStore, options: LeaseStoreContractOptions): void {
  it('commitSourceOffsets writes offsets by partition (null deletes), the checkpoint, and renews the lease', async () => {
    const s = store();
    const connector = await sourceConnector(s, 1);
    const [lease] = await claimAll(s, connector, taskA, t0);
    expect(lease).toMatchObject({ topic: SOURCE_TASK_TOPIC, partition: 0, epoch: 1 });
    await s.commitSourceOffsets(
      connector,
      taskA,
      lease!,
      [
        { partition: { file: 'a', shard: 1 }, offset: { position: 10 } },
        { partition: { file: 'b' }, offset: { position: 5, done: false, note: null } },
      ],
      undefined,
      t0 + 1,
      ttl,
    );
    const renewed = await s.commitSourceOffsets(
      connector,
      taskA,
      lease!,
      [
        // The same partition with its keys in another order, and a bigint that fits exactly.
        { partition: { shard: 1, file: 'a' }, offset: { position: 20n as unknown as number } },
        { partition: { file: 'b' }, offset: null },
        { partition: { file: 'c' }, offset: { position: 'x' } },
      ],
      { pending: [1, 2] },
      t0 + 2,
      ttl,
    );
    expect(renewed).toMatchObject({ owner: taskA.invocation, epoch: 1, expiresAt: t0 + 2 + ttl });
    expect((await s.sourceOffsets(connector)).sort(byFile)).toEqual([
      { partition: { file: 'a', shard: 1 }, offset: { position: 20 } },
      { partition: { file: 'c' }, offset: { position: 'x' } },
    ]);
    expect(await s.checkpoint(connector, 0)).toEqual({ pending: [1, 2] });
    // Nothing to write still renews.
    expect(await s.commitSourceOffsets(connector, taskA, lease!, [], undefined, t0 + 3, ttl)).toMatchObject({
      expiresAt: t0 + 3 + ttl,
    });
  });

  it('a fenced commitSourceOffsets throws LeaseLostError and changes nothing', async () => {
    const s = store();
    const connector = await sourceConnector(s, 2);
    const [zombie] = await claimAll(s, connector, { invocation: 'zombie', task: 0 }, t0).then((all) =>
      all.filter((l) => l.partition === 0),
    );
    await s.commitSourceOffsets(
      connector,
      { invocation: 'zombie', task: 0 },
      zombie!,
      [{ partition: { file: 'a' }, offset: { position: 1 } }],
      { n: 1 },
      t0,
      ttl,
    );
    const later = t0 + ttl + skew + 1;
    const successor = await s.claim(
      await leaseOf(s, connector, SOURCE_TASK_TOPIC, 0),
      taskA,
      later,
      ttl,
      skew,
    );
    expect(successor).toMatchObject({ epoch: 2, owner: taskA.invocation });
    const attempt = s.commitSourceOffsets(
      connector,
      { invocation: 'zombie', task: 0 },
      zombie!,
      [{ partition: { file: 'a' }, offset: { position: 99 } }],
      { n: 99 },
      later,
      ttl,
    );
    expect(await lostPartitions(attempt)).toEqual([{ topic: SOURCE_TASK_TOPIC, partition: 0 }]);
    await expect(attempt).rejects.toThrow(`Lost the lease of task 0 for connector ${connector}`);
    // A commit naming the successor's invocation but the zombie's epoch is fenced too.
    await lostPartitions(s.commitSourceOffsets(connector, taskA, zombie!, [], undefined, later, ttl));
    expect(await s.sourceOffsets(connector)).toEqual([{ partition: { file: 'a' }, offset: { position: 1 } }]);
    expect(await s.checkpoint(connector, 0)).toEqual({ n: 1 });
  });

  it('source offsets hold primitives only, as Kafka requires', async () => {
    const s = store();
    const connector = await sourceConnector(s, 1);
    const [lease] = await claimAll(s, connector, taskA, t0);
    const commit = (offset: Record<string, unknown>) =>
      s.commitSourceOffsets(connector, taskA, lease!, [{ partition: { f: 1 }, offset }], undefined, t0, ttl);
    await expect(commit({ nested: { a: 1 } })).rejects.toThrow(
      'Offsets may only contain primitive types as values, but field nested contains MAP',
    );
    await expect(commit({ list: [1] })).rejects.toBeInstanceOf(DataError);
    await expect(commit({ big: 2n ** 60n })).rejects.toThrow('exactly');
    expect(await s.sourceOffsets(connector)).toEqual([]);
  });

  it('setSourceOffsets refuses while a task runs, evicts an expired owner, and survives deleteConnector', async () => {
    const s = store();
    const connector = await sourceConnector(s, 2);
    const leases = await claimAll(s, connector, taskA, t0);
    await s.release(connector, taskA, [leases[1]!], t0);
    await s.commitSourceOffsets(
      connector,
      taskA,
      leases[0]!,
      [{ partition: { file: 'a' }, offset: { position: 1 } }],
      undefined,
      t0,
      ttl,
    );
    const attempt = s.setSourceOffsets(connector, [{ partition: { file: 'a' }, offset: null }], t0 + ttl);
    await expect(attempt).rejects.toThrow(
      `Failed to modify offsets for source connector ${connector}: its tasks haven't stopped completely yet (still running: task 0;`,
    );
    expect(await s.sourceOffsets(connector)).toHaveLength(1);

    // Past its expiry the owner is evicted; its late commit then fails.
    const after = t0 + ttl + 1;
    await s.setSourceOffsets(
      connector,
      [
        { partition: { file: 'a' }, offset: null },
        { partition: { file: 'b' }, offset: { position: 7 } },
      ],
      after,
    );
    expect(await s.sourceOffsets(connector)).toEqual([{ partition: { file: 'b' }, offset: { position: 7 } }]);
    expect(await leaseOf(s, connector, SOURCE_TASK_TOPIC, 0)).toMatchObject({ owner: null, epoch: 1 });
    await lostPartitions(
      s.commitSourceOffsets(
        connector,
        taskA,
        leases[0]!,
        [{ partition: { file: 'b' }, offset: { position: 0 } }],
        undefined,
        after + 1,
        ttl,
      ),
    );
    expect((await s.events(connector)).filter((e) => e.type === 'released').map((e) => e.partition)).toEqual([
      1, 0,
    ]);

    // Deleting the connector keeps its source offsets, as Kafka's offsets topic does.
    await s.deleteConnector(connector);
    expect(await s.list(connector)).toEqual([]);
    expect(await s.sourceOffsets(connector)).toEqual([{ partition: { file: 'b' }, offset: { position: 7 } }]);
    await s.setSourceOffsets(connector, [{ partition: { file: 'b' }, offset: null }], after + 2);
    expect(await s.sourceOffsets(connector)).toEqual([]);
  });

  it('setSourceOffsets forgets the tasks’ checkpoints (a half-done exactly-once commit)', async () => {
    const s = store();
    const connector = await sourceConnector(s, 2);
    const leases = await claimAll(s, connector, taskA, t0);
    const pending = { pendingTransaction: { marker: { topic: 't', partition: 0, offset: 3 } } };
    await s.commitSourceOffsets(connector, taskA, leases[0]!, [], pending, t0, ttl);
    expect(await s.checkpoint(connector, 0)).toEqual(pending);
    await s.release(connector, taskA, leases, t0);
    await s.setSourceOffsets(connector, [{ partition: { file: 'a' }, offset: { position: 5 } }], t0 + 1);
    expect(await s.checkpoint(connector, 0)).toBeFalsy();
    expect(await s.sourceOffsets(connector)).toEqual([{ partition: { file: 'a' }, offset: { position: 5 } }]);
    // A reset with no offsets to delete forgets them too.
    const again = await claimAll(s, connector, taskA, t0 + 2);
    await s.commitSourceOffsets(connector, taskA, again[1]!, [], pending, t0 + 2, ttl);
    await s.release(connector, taskA, again, t0 + 2);
    await s.setSourceOffsets(connector, [], t0 + 3);
    expect(await s.checkpoint(connector, 1)).toBeFalsy();
  });

  it('ensure adds free, unassigned leases without offsets, in partition order, and keeps existing ones', async () => {
    const s = store();
    const connector = uniqueName('leases');
    await s.ensure(connector, [...partitions('b', 2), ...partitions('a', 11)], t0);
    const first = await s.list(connector);
    expect(first.map((l) => `${l.topic}-${l.partition}`)).toEqual([
      ...partitions('a', 11).map((tp) => `a-${tp.partition}`),
      'b-0',
      'b-1',
    ]);
    for (const lease of first) {
      expect(lease).toMatchObject({ connector, assignee: null, owner: null, ownerTask: null, epoch: 0 });
      expect(lease).toMatchObject({ offset: null, ownerSwitches: 0, expiresAt: 0 });
    }
    await s.assign(connector, [{ topic: 'a', partition: 0, from: null, to: 3 }], t0);
    await s.ensure(connector, [...partitions('a', 12)], t0 + 1);
    const second = await s.list(connector);
    expect(second).toHaveLength(14);
    expect(second.find((l) => l.topic === 'a' && l.partition === 0)?.assignee).toBe(3);
    expect(second.find((l) => l.topic === 'a' && l.partition === 11)?.assignee).toBe(null);
  });

  it('ensure starts a new lease at the offset given with it, and never changes an existing one', async () => {
    const s = store();
    const connector = uniqueName('leases');
    await s.ensure(
      connector,
      [
        { topic: 't', partition: 0, offset: 42 },
        { topic: 't', partition: 1 },
      ],
      t0,
    );
    expect((await s.list(connector)).map((l) => l.offset)).toEqual([42, null]);
    await s.ensure(
      connector,
      [
        { topic: 't', partition: 0, offset: 7 },
        { topic: 't', partition: 1, offset: 9 },
        { topic: 't', partition: 2, offset: 0 },
      ],
      t0 + 1,
    );
    expect((await s.list(connector)).map((l) => l.offset)).toEqual([42, null, 0]);
  });

  it('assign changes only the leases whose assignee is still the one the caller saw', async () => {
    const s = store();
    const connector = uniqueName('leases');
    await s.ensure(connector, partitions('t', 3), t0);
    expect(
      await s.assign(
        connector,
        [
          { topic: 't', partition: 0, from: null, to: 0 },
          { topic: 't', partition: 1, from: null, to: 1 },
        ],
        t0,
      ),
    ).toBe(2);
    const changed = await s.assign(
      connector,
      [
        { topic: 't', partition: 0, from: 0, to: 2 }, // as seen: changes
        { topic: 't', partition: 1, from: 0, to: 2 }, // stale: it is 1 now
        { topic: 't', partition: 2, from: 5, to: 2 }, // stale: it is null
        { topic: 't', partition: 7, from: null, to: 2 }, // no such lease: not created
      ],
      t0 + 1,
    );
    expect(changed).toBe(1);
    expect((await s.list(connector)).map((l) => l.assignee)).toEqual([2, 1, null]);
    expect(await s.assign(connector, [{ topic: 't', partition: 0, from: 2, to: null }], t0 + 2)).toBe(1);
    expect((await leaseOf(s, connector, 't', 0)).assignee).toBe(null);
  });

  it('claim takes a free lease assigned to the claimant, increments the epoch and stores the result', async () => {
    const s = store();
    const connector = await assigned(s, 't', 1, taskA.task);
    const seen = await leaseOf(s, connector, 't', 0);
    expect(await s.claim(seen, taskB, t0, ttl, skew)).toBe(null); // assigned to another task
    const claimed = await s.claim(seen, taskA, t0, ttl, skew);
    expect(claimed).toEqual({
      ...seen,
      owner: taskA.invocation,
      ownerTask: taskA.task,
      epoch: 1,
      expiresAt: t0 + ttl,
      ownerSwitches: 1,
      updatedAt: t0,
    });
    expect(await leaseOf(s, connector, 't', 0)).toEqual(claimed);
    // The same view again is stale now: the epoch moved.
    expect(await s.claim(seen, { invocation: 'other', task: taskA.task }, t0, ttl, skew)).toBe(null);
  });

  it('two claimants racing for the same lease: exactly one wins', async () => {
    const s = store();
    const connector = await assigned(s, 't', 1, 0);
    const seen = await leaseOf(s, connector, 't', 0);
    const results = await Promise.all(
      ['first', 'second'].map((invocation) => s.claim(seen, { invocation, task: 0 }, t0, ttl, skew)),
    );
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(await leaseOf(s, connector, 't', 0)).toEqual(winners[0]);
    expect(await s.events(connector)).toHaveLength(1);
  });

  it('an owned lease can be taken over only once it expired by more than the clock skew', async () => {
    const s = store();
    const connector = await assigned(s, 't', 1, 0);
    const [mine] = await claimAll(s, connector, taskA, t0);
    const successor: Claimant = { invocation: 'successor', task: 0 };
    expect(await s.claim(mine!, successor, t0 + ttl, ttl, skew)).toBe(null); // not expired
    expect(await s.claim(mine!, successor, t0 + ttl + skew, ttl, skew)).toBe(null); // within skew
    const taken = await s.claim(mine!, successor, t0 + ttl + skew + 1, ttl, skew);
    expect(taken).toMatchObject({ owner: 'successor', epoch: 2, expiresAt: t0 + ttl + skew + 1 + ttl });
    expect((await s.events(connector)).map((e) => [e.type, e.epoch, e.invocation])).toEqual([
      ['claimed', 1, taskA.invocation],
      ['taken-over', 2, 'successor'],
    ]);
  });

  it('commit advances offsets, extends the leases, stores the checkpoint and returns current assignees', async () => {
    const s = store();
    const connector = await assigned(s, 't', 2, 0);
    const [p0, p1] = await claimAll(s, connector, taskA, t0);
    // The coordinator moves p1 to another task meanwhile: the committer must learn it.
    await s.assign(connector, [{ topic: 't', partition: 1, from: 0, to: 1 }], t0 + 5);
    const committed = await s.commit(
      connector,
      taskA,
      [
        { topic: 't', partition: 0, epoch: p0!.epoch, offset: 42 },
        { topic: 't', partition: 1, epoch: p1!.epoch, offset: 7 },
      ],
      { file: 'out.txt', length: 123, nested: [1, 'two', null, { x: '' }] },
      t0 + 10,
      ttl,
    );
    expect(committed.map((l) => [l.partition, l.offset, l.expiresAt, l.assignee, l.owner])).toEqual([
      [0, 42, t0 + 10 + ttl, 0, taskA.invocation],
      [1, 7, t0 + 10 + ttl, 1, taskA.invocation],
    ]);
    expect(await s.list(connector)).toEqual(committed);
    expect(await s.checkpoint(connector, taskA.task)).toEqual({
      file: 'out.txt',
      length: 123,
      nested: [1, 'two', null, { x: '' }],
    });
    expect(await s.checkpoint(connector, taskB.task)).toBe(undefined);
  });

  it('a commit with offset null renews the lease and keeps its offset', async () => {
    const s = store();
    const connector = await assigned(s, 't', 1, 0);
    const [lease] = await claimAll(s, connector, taskA, t0);
    await s.commit(
      connector,
      taskA,
      [{ topic: 't', partition: 0, epoch: lease!.epoch, offset: 9 }],
      undefined,
      t0,
      ttl,
    );
    const [renewed] = await s.commit(
      connector,
      taskA,
      [{ topic: 't', partition: 0, epoch: lease!.epoch, offset: null }],
      undefined,
      t0 + 5_000,
      ttl,
    );
    expect(renewed).toMatchObject({ offset: 9, expiresAt: t0 + 5_000 + ttl, epoch: lease!.epoch });
    // Renewed: not claimable at the old expiry plus skew.
    expect(await s.claim(renewed!, { invocation: 'x', task: 0 }, t0 + ttl + skew + 1, ttl, skew)).toBe(null);
  });

  it('a fenced commit throws LeaseLostError naming only the lost partitions and changes nothing', async () => {
    const s = store();
    const connector = await assigned(s, 't', 3, 0);
    const mine = await claimAll(s, connector, taskA, t0);
    await s.commit(
      connector,
      taskA,
      mine.map((l) => ({ topic: l.topic, partition: l.partition, epoch: l.epoch, offset: 100 })),
      { version: 1 },
      t0,
      ttl,
    );
    // A paused zombie: its leases expire, another invocation of the same task takes partition 1.
    const later = t0 + ttl + skew + 1;
    const taken = await s.claim(mine[1]!, { invocation: 'successor', task: 0 }, later, ttl, skew);
    expect(taken).not.toBe(null);
    const before = await s.list(connector);
    const lost = await lostPartitions(
      s.commit(
        connector,
        taskA,
        mine.map((l) => ({ topic: l.topic, partition: l.partition, epoch: l.epoch, offset: 200 })),
        { version: 2 },
        later + 1,
        ttl,
      ),
    );
    expect(lost).toEqual([{ topic: 't', partition: 1 }]);
    expect(await s.list(connector)).toEqual(before); // partitions 0 and 2 unchanged too
    expect(await s.checkpoint(connector, 0)).toEqual({ version: 1 });
    // A commit carrying an old epoch is fenced the same way, even by the current owner.
    const stale = await lostPartitions(
      s.commit(
        connector,
        { invocation: 'successor', task: 0 },
        [{ topic: 't', partition: 1, epoch: 1, offset: 5 }],
        undefined,
        later + 2,
        ttl,
      ),
    );
    expect(stale).toEqual([{ topic: 't', partition: 1 }]);
    // The error message names the partition, as Kafka Connect users would read it.
    await expect(
      s.commit(
        connector,
        taskA,
        [{ topic: 't', partition: 1, epoch: 1, offset: 5 }],
        undefined,
        later + 2,
        ttl,
      ),
    ).rejects.toThrow(`Lost the lease of t-1 for connector ${connector}`);
  });

  it('the generation moves on every change a running task must hear, and stands still under commits and free claims', async () => {
    const s = store();
    const connector = await assigned(s, 't', 2, 0);
    // Moved: the assignment (a hand-over, a pause) that created the connector's leases here.
    let seen = await s.generation(connector);
    const moved = async (): Promise<boolean> => {
      const now = await s.generation(connector);
      const changed = now !== seen;
      seen = now;
      return changed;
    };
    expect(seen).not.toBe(0);
    const [p0, p1] = await claimAll(s, connector, taskA, t0);
    expect(await moved()).toBe(false);
    await s.commit(
      connector,
      taskA,
      [
        { topic: 't', partition: 0, epoch: p0!.epoch, offset: 5 },
        { topic: 't', partition: 1, epoch: p1!.epoch, offset: 7 },
      ],
      undefined,
      t0 + 1,
      ttl,
    );
    expect(await moved()).toBe(false);
    // A move nobody could make (the assignee is not what the caller saw) announces nothing.
    await s.assign(connector, [{ topic: 't', partition: 0, from: 9, to: 1 }], t0 + 2);
    expect(await moved()).toBe(false);
    await s.assign(connector, [{ topic: 't', partition: 0, from: 0, to: 1 }], t0 + 2);
    expect(await moved()).toBe(true);
    await s.signal(connector, [{ topic: 't', partition: 1 }], { configVersion: 4 }, t0 + 3);
    expect(await moved()).toBe(true);
    await s.signal(connector, [{ topic: 't', partition: 1 }], { restart: true }, t0 + 3);
    expect(await moved()).toBe(true);
    await s.release(connector, taskA, [{ topic: 't', partition: 0, epoch: p0!.epoch }], t0 + 4);
    expect(await moved()).toBe(true);
    // The new assignee claims the free lease: nobody else needs to know.
    expect(await s.claim(await leaseOf(s, connector, 't', 0), taskB, t0 + 5, ttl, skew)).not.toBeNull();
    expect(await moved()).toBe(false);
    // Taking over an expired lease fences its owner, who must hear it.
    await s.assign(connector, [{ topic: 't', partition: 1, from: 0, to: 1 }], t0 + 6);
    expect(await moved()).toBe(true);
    const late = t0 + 1 + ttl + skew + 1;
    expect(await s.claim(await leaseOf(s, connector, 't', 1), taskB, late, ttl, skew)).not.toBeNull();
    expect(await moved()).toBe(true);
    await s.release(
      connector,
      taskB,
      (await s.list(connector)).map((l) => ({ topic: l.topic, partition: l.partition, epoch: l.epoch })),
      late + 1,
    );
    seen = await s.generation(connector);
    await s.setOffsets(connector, [{ topic: 't', partition: 0, offset: 1 }], late + 2);
    expect(await moved()).toBe(true);
    await s.deleteConnector(connector);
    expect(await moved()).toBe(true);
  });

  it('release gives a lease up (event written, epoch kept) and another task then claims it', async () => {
    const s = store();
    const connector = await assigned(s, 't', 2, 0);
    const [p0, p1] = await claimAll(s, connector, taskA, t0);
    await s.commit(
      connector,
      taskA,
      [{ topic: 't', partition: 0, epoch: p0!.epoch, offset: 55 }],
      undefined,
      t0 + 1,
      ttl,
    );
    // Only the owner's release with the right epoch counts; the others are ignored.
    await s.release(connector, taskB, [{ topic: 't', partition: 1, epoch: p1!.epoch }], t0 + 2);
    await s.release(connector, taskA, [{ topic: 't', partition: 1, epoch: p1!.epoch + 1 }], t0 + 2);
    expect((await leaseOf(s, connector, 't', 1)).owner).toBe(taskA.invocation);
    await s.release(connector, taskA, [{ topic: 't', partition: 0, epoch: p0!.epoch }], t0 + 3);
    const released = await leaseOf(s, connector, 't', 0);
    expect(released).toMatchObject({ owner: null, ownerTask: null, epoch: 1, offset: 55, expiresAt: 0 });
    await s.assign(connector, [{ topic: 't', partition: 0, from: 0, to: taskB.task }], t0 + 4);
    // Free: taken at once, long before the old lease would have expired.
    const claimed = await s.claim(await leaseOf(s, connector, 't', 0), taskB, t0 + 5, ttl, skew);
    expect(claimed).toMatchObject({ owner: taskB.invocation, ownerTask: taskB.task, epoch: 2, offset: 55 });
    expect(claimed?.ownerSwitches).toBe(2);
    // The old owner is fenced from then on.
    expect(
      await lostPartitions(
        s.commit(
          connector,
          taskA,
          [{ topic: 't', partition: 0, epoch: 1, offset: 60 }],
          undefined,
          t0 + 6,
          ttl,
        ),
      ),
    ).toEqual([{ topic: 't', partition: 0 }]);
  });

  it('ownerSwitches counts changes of task, not re-claims by the same task after a release', async () => {
    const s = store();
    const connector = await assigned(s, 't', 1, 0);
    let now = t0;
    const claimAs = async (claimant: Claimant) => {
      now += 1;
      const lease = await s.claim(await leaseOf(s, connector, 't', 0), claimant, now, ttl, skew);
      expect(lease).not.toBe(null);
      await s.release(connector, claimant, [{ topic: 't', partition: 0, epoch: lease!.epoch }], now);
      return lease!;
    };
    expect((await claimAs({ invocation: 'a1', task: 0 })).ownerSwitches).toBe(1);
    expect((await claimAs({ invocation: 'a2', task: 0 })).ownerSwitches).toBe(1);
    await s.assign(connector, [{ topic: 't', partition: 0, from: 0, to: 1 }], now);
    expect((await claimAs({ invocation: 'b1', task: 1 })).ownerSwitches).toBe(2);
    expect((await claimAs({ invocation: 'b2', task: 1 })).ownerSwitches).toBe(2);
    await s.assign(connector, [{ topic: 't', partition: 0, from: 1, to: 0 }], now);
    const back = await claimAs({ invocation: 'a3', task: 0 });
    expect(back).toMatchObject({ ownerSwitches: 3, epoch: 5 });
  });

  it('setOffsets overwrites offsets of free partitions, creates missing leases and resets with null', async () => {
    const s = store();
    const connector = await assigned(s, 't', 2, 0);
    await s.setOffsets(
      connector,
      [
        { topic: 't', partition: 0, offset: 10 },
        { topic: 'u', partition: 3, offset: 30 },
      ],
      t0,
    );
    await s.setOffsets(
      connector,
      [
        { topic: 't', partition: 0, offset: null },
        { topic: 't', partition: 1, offset: 0 },
      ],
      t0 + 1,
    );
    const leases = await s.list(connector);
    expect(leases.map((l) => [l.topic, l.partition, l.offset, l.assignee])).toEqual([
      ['t', 0, null, 0],
      ['t', 1, 0, 0],
      ['u', 3, 30, null],
    ]);
  });

  it('setOffsets refuses, changing nothing, while a task owns one of the partitions', async () => {
    const s = store();
    const connector = await assigned(s, 't', 2, 0);
    const [p0] = await claimAll(s, connector, taskA, t0);
    await s.release(connector, taskA, [{ topic: 't', partition: 1, epoch: 1 }], t0);
    await s.commit(
      connector,
      taskA,
      [{ topic: 't', partition: 0, epoch: p0!.epoch, offset: 5 }],
      undefined,
      t0,
      ttl,
    );
    const before = await s.list(connector);
    const attempt = s.setOffsets(
      connector,
      [
        { topic: 't', partition: 1, offset: 1 },
        { topic: 't', partition: 0, offset: 1 },
      ],
      t0 + ttl,
    );
    await expect(attempt).rejects.toBeInstanceOf(ConnectError);
    await expect(attempt).rejects.toThrow(
      `Failed to alter consumer group offsets for connector ${connector} either because its tasks haven't stopped completely yet`,
    );
    await expect(attempt).rejects.toThrow('Still held by a task: t-0 (');
    // Every offset null is DELETE /offsets: Kafka calls that a reset.
    await expect(
      s.setOffsets(connector, [{ topic: 't', partition: 0, offset: null }], t0 + ttl),
    ).rejects.toThrow(`Failed to reset consumer group offsets for connector ${connector}`);
    expect(await s.list(connector)).toEqual(before);
  });

  it('setOffsets evicts an owner past its expiry, whose late commit then fails', async () => {
    const s = store();
    const connector = await assigned(s, 't', 1, 0);
    const [zombie] = await claimAll(s, connector, taskA, t0);
    await s.setOffsets(connector, [{ topic: 't', partition: 0, offset: 77 }], t0 + ttl + 1);
    expect(await leaseOf(s, connector, 't', 0)).toMatchObject({
      owner: null,
      ownerTask: null,
      offset: 77,
      epoch: 1,
    });
    expect(
      await lostPartitions(
        s.commit(
          connector,
          taskA,
          [{ topic: 't', partition: 0, epoch: zombie!.epoch, offset: 3 }],
          undefined,
          t0 + ttl + 2,
          ttl,
        ),
      ),
    ).toEqual([{ topic: 't', partition: 0 }]);
    expect((await leaseOf(s, connector, 't', 0)).offset).toBe(77);
    expect((await s.events(connector)).map((e) => [e.type, e.epoch, e.invocation, e.task])).toEqual([
      ['claimed', 1, taskA.invocation, taskA.task],
      ['released', 1, taskA.invocation, taskA.task],
    ]);
  });

  it('refuses offsets a JavaScript number cannot hold exactly, and a partition twice in one commit', async () => {
    const s = store();
    const connector = await assigned(s, 't', 1, 0);
    const [lease] = await claimAll(s, connector, taskA, t0);
    const commit = (offset: number) =>
      s.commit(
        connector,
        taskA,
        [{ topic: 't', partition: 0, epoch: lease!.epoch, offset }],
        undefined,
        t0,
        ttl,
      );
    await expect(commit(2 ** 53)).rejects.toThrow(
      `Invalid offset ${2 ** 53} for t-0 of connector ${connector}`,
    );
    await expect(commit(-1)).rejects.toBeInstanceOf(ConnectError);
    await expect(commit(Number.MAX_SAFE_INTEGER)).resolves.toMatchObject([
      { offset: Number.MAX_SAFE_INTEGER },
    ]);
    await expect(
      s.commit(
        connector,
        taskA,
        [
          { topic: 't', partition: 0, epoch: lease!.epoch, offset: 1 },
          { topic: 't', partition: 0, epoch: lease!.epoch, offset: 2 },
        ],
        undefined,
        t0,
        ttl,
      ),
    ).rejects.toThrow('appears twice');
    await expect(
      s.setOffsets(connector, [{ topic: 'u', partition: 0, offset: 1.5 }], t0),
    ).rejects.toBeInstanceOf(ConnectError);
  });

  it('keeps the complete ownership history, oldest first', async () => {
    const s = store();
    const connector = await assigned(s, 't', 2, 0);
    const a = await claimAll(s, connector, taskA, t0);
    await s.release(connector, taskA, [{ topic: 't', partition: 0, epoch: a[0]!.epoch }], t0 + 10);
    await s.assign(connector, [{ topic: 't', partition: 0, from: 0, to: 1 }], t0 + 11);
    await s.claim(await leaseOf(s, connector, 't', 0), taskB, t0 + 20, ttl, skew);
    const successor: Claimant = { invocation: 'successor', task: 0 };
    await s.claim(a[1]!, successor, t0 + ttl + skew + 1, ttl, skew);
    // A refused claim and a refused release leave no trace.
    await s.claim(a[1]!, taskA, t0 + ttl + skew + 2, ttl, skew);
    await s.release(
      connector,
      taskA,
      [{ topic: 't', partition: 1, epoch: a[1]!.epoch }],
      t0 + ttl + skew + 3,
    );
    const events = await s.events(connector);
    expect(events).toEqual([
      {
        connector,
        topic: 't',
        partition: 0,
        epoch: 1,
        type: 'claimed',
        invocation: taskA.invocation,
        task: 0,
        at: t0,
      },
      {
        connector,
        topic: 't',
        partition: 1,
        epoch: 1,
        type: 'claimed',
        invocation: taskA.invocation,
        task: 0,
        at: t0,
      },
      {
        connector,
        topic: 't',
        partition: 0,
        epoch: 1,
        type: 'released',
        invocation: taskA.invocation,
        task: 0,
        at: t0 + 10,
      },
      {
        connector,
        topic: 't',
        partition: 0,
        epoch: 2,
        type: 'claimed',
        invocation: taskB.invocation,
        task: 1,
        at: t0 + 20,
      },
      {
        connector,
        topic: 't',
        partition: 1,
        epoch: 2,
        type: 'taken-over',
        invocation: 'successor',
        task: 0,
        at: t0 + ttl + skew + 1,
      },
    ]);
  });

  it('deleteConnector removes leases, checkpoints and events of that connector only', async () => {
    const s = store();
    const doomed = await assigned(s, 't', 3, 0);
    const kept = await assigned(s, 't', 1, 0);
    for (const connector of [doomed, kept]) {
      const leases = await claimAll(s, connector, taskA, t0);
      await s.commit(
        connector,
        taskA,
        leases.map((l) => ({ topic: l.topic, partition: l.partition, epoch: l.epoch, offset: 1 })),
        { connector },
        t0,
        ttl,
      );
    }
    await s.deleteConnector(doomed);
    expect(await s.list(doomed)).toEqual([]);
    expect(await s.events(doomed)).toEqual([]);
    expect(await s.checkpoint(doomed, 0)).toBe(undefined);
    expect(await s.list(kept)).toHaveLength(1);
    expect(await s.events(kept)).toHaveLength(1);
    expect(await s.checkpoint(kept, 0)).toEqual({ connector: kept });
    // A connector created again under the same name starts from nothing.
    await s.ensure(doomed, partitions('t', 1), t0 + 1);
    expect(await s.list(doomed)).toMatchObject([{ epoch: 0, offset: null, owner: null }]);
  });

  it('a commit fails exactly for the partitions taken over or committed with a wrong epoch, else applies', async () => {
    const s = store();
    const scenario = fc.integer({ min: 1, max: 5 }).chain((count) =>
      fc.record({
        count: fc.constant(count),
        takenOver: fc.subarray([...Array(count).keys()]),
        commits: fc.shuffledSubarray([...Array(count).keys()], { minLength: 1 }).chain((chosen) =>
          fc.tuple(
            ...chosen.map((partition) =>
              fc.record({
                partition: fc.constant(partition),
                epoch: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 3 })),
                offset: fc.option(fc.nat(1_000_000), { nil: null }),
              }),
            ),
          ),
        ),
        checkpoint: fc.option(fc.jsonValue(), { nil: undefined }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(scenario, async ({ count, takenOver, commits, checkpoint }) => {
        const connector = await assigned(s, 't', count, 0);
        const mine = await claimAll(s, connector, taskA, t0);
        const later = t0 + ttl + skew + 1;
        for (const p of takenOver)
          expect(await s.claim(mine[p]!, { invocation: 'successor', task: 0 }, later, ttl, skew)).not.toBe(
            null,
          );
        const before = await s.list(connector);
        const request = commits.map((c) => ({ topic: 't', ...c }));
        const expectedLost = commits
          .filter((c) => takenOver.includes(c.partition) || c.epoch !== 1)
          .map((c) => ({ topic: 't', partition: c.partition }));
        const value =
          checkpoint === undefined ? undefined : (JSON.parse(JSON.stringify(checkpoint)) as JsonValue);
        if (expectedLost.length > 0) {
          expect(await lostPartitions(s.commit(connector, taskA, request, value, later + 1, ttl))).toEqual(
            expectedLost,
          );
          expect(await s.list(connector)).toEqual(before);
          expect(await s.checkpoint(connector, taskA.task)).toBe(undefined);
        } else {
          const committed = await s.commit(connector, taskA, request, value, later + 1, ttl);
          expect(committed.map((l) => [l.partition, l.offset, l.expiresAt])).toEqual(
            commits.map((c) => [c.partition, c.offset, later + 1 + ttl]),
          );
          expect(await s.checkpoint(connector, taskA.task)).toEqual(value);
        }
        await s.deleteConnector(connector);
      }),
      { numRuns: options.propertyRuns },
    );
  });

  it('parallel claimants over several rounds never produce two owners of a partition', async () => {
    const s = store();
    const roundTtl = 500;
    const scenario = fc.record({
      partitionCount: fc.integer({ min: 1, max: 4 }),
      tasks: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2, maxLength: 6 }),
      assignees: fc.array(fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }), {
        minLength: 4,
        maxLength: 4,
      }),
      stale: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      rounds: fc.integer({ min: 1, max: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ partitionCount, tasks, assignees, stale, rounds }) => {
        const connector = uniqueName('race');
        const tps = partitions('t', partitionCount);
        await s.ensure(connector, tps, 0);
        await s.assign(
          connector,
          tps.map((tp, i) => ({ ...tp, from: null, to: assignees[i]! })),
          0,
        );
        const wins = new Map<number, string[]>(tps.map((tp) => [tp.partition, []]));
        let previous: Lease[] | undefined;
        for (let round = 1; round <= rounds; round++) {
          // Rounds are further apart than ttl + skew: every lease of the last round has expired.
          const now = round * (roundTtl + skew + 1);
          const current = await s.list(connector);
          const attempts = tasks.flatMap((task, c) =>
            current.map((lease, p) => {
              const view = stale[c] && previous ? previous[p]! : lease;
              const claimant = { invocation: `r${round}-c${c}`, task };
              return {
                partition: lease.partition,
                eligible: view.epoch === lease.epoch && lease.assignee === task,
                view,
                claimant,
              };
            }),
          );
          const results = await Promise.all(
            attempts.map((attempt) => s.claim(attempt.view, attempt.claimant, now, roundTtl, skew)),
          );
          for (const lease of current) {
            const here = attempts.flatMap((attempt, i) =>
              attempt.partition === lease.partition ? [{ ...attempt, result: results[i]! }] : [],
            );
            const winners = here.filter((h) => h.result !== null);
            expect(winners.length).toBe(here.some((h) => h.eligible) ? 1 : 0);
            const winner = winners[0];
            if (winner) {
              expect(winner.eligible).toBe(true);
              expect(winner.result).toMatchObject({
                owner: winner.claimant.invocation,
                epoch: lease.epoch + 1,
              });
              wins.get(lease.partition)!.push(winner.claimant.invocation);
            }
          }
          previous = current;
        }
        const final = await s.list(connector);
        const events = await s.events(connector);
        for (const lease of final) {
          const won = wins.get(lease.partition)!;
          expect(lease.epoch).toBe(won.length);
          expect(lease.owner).toBe(won.at(-1) ?? null);
          // The history holds every claim once, epochs 1, 2, 3 ... each by the invocation that won it.
          const claims = events.filter((e) => e.partition === lease.partition);
          expect(claims.map((e) => [e.epoch, e.invocation])).toEqual(
            won.map((invocation, i) => [i + 1, invocation]),
          );
        }
        await s.deleteConnector(connector);
      }),
      { numRuns: options.propertyRuns },
    );
  });
}
