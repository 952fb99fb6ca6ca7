// The in-memory store's persistence hook (standalone points it at its offsets file): what a
// restart finds, and that a failed save changes nothing.
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../shared/api/connector.ts';
import type { Claimant } from '../../../shared/leases/lease.ts';
import { type LeasePersistence, MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';

/** A persisted copy kept in a map, the shape an offsets file holds. */
class MapPersistence implements LeasePersistence {
  readonly offsets = new Map<string, Map<string, number>>();
  readonly checkpoints = new Map<string, Map<number, JsonValue>>();
  failNextSave = false;

  async load(connector: string) {
    return {
      offsets: new Map(this.offsets.get(connector) ?? []),
      checkpoints: new Map(this.checkpoints.get(connector) ?? []),
    };
  }

  async save(
    connector: string,
    offsets: ReadonlyMap<string, number>,
    checkpoint: { task: number; value: JsonValue } | undefined,
  ) {
    if (this.failNextSave) {
      this.failNextSave = false;
      throw new Error('disk full');
    }
    this.offsets.set(connector, new Map(offsets));
    if (checkpoint) {
      const checkpoints = this.checkpoints.get(connector) ?? new Map<number, JsonValue>();
      checkpoints.set(checkpoint.task, checkpoint.value);
      this.checkpoints.set(connector, checkpoints);
    }
  }

  async remove(connector: string) {
    this.offsets.delete(connector);
    this.checkpoints.delete(connector);
  }
}

const claimant: Claimant = { invocation: 'i', task: 0 };

async function ownedStore(persistence: MapPersistence) {
  const store = new MemoryLeaseStore(persistence);
  await store.ensure(
    'c',
    [0, 1].map((partition) => ({ topic: 't', partition })),
    0,
  );
  await store.assign(
    'c',
    [0, 1].map((partition) => ({ topic: 't', partition, from: null, to: 0 })),
    0,
  );
  for (const lease of await store.list('c')) await store.claim(lease, claimant, 0, 1000, 0);
  return store;
}

describe('MemoryLeaseStore persistence', () => {
  it('a restarted store continues from the committed offsets and checkpoint', async () => {
    const persistence = new MapPersistence();
    const store = await ownedStore(persistence);
    await store.commit(
      'c',
      claimant,
      [{ topic: 't', partition: 1, epoch: 1, offset: 12 }],
      { n: 1 },
      1,
      1000,
    );
    const restarted = new MemoryLeaseStore(persistence);
    expect((await restarted.list('c')).map((l) => [l.partition, l.offset, l.owner])).toEqual([[1, 12, null]]);
    expect(await restarted.checkpoint('c', 0)).toEqual({ n: 1 });
  });

  it('a commit whose save fails changes nothing', async () => {
    const persistence = new MapPersistence();
    const store = await ownedStore(persistence);
    const before = await store.list('c');
    persistence.failNextSave = true;
    await expect(
      store.commit('c', claimant, [{ topic: 't', partition: 0, epoch: 1, offset: 5 }], { n: 2 }, 1, 1000),
    ).rejects.toThrow('disk full');
    expect(await store.list('c')).toEqual(before);
    expect(await store.checkpoint('c', 0)).toBe(undefined);
  });

  it('setOffsets persists the new offsets, drops reset ones and keeps the checkpoints', async () => {
    const persistence = new MapPersistence();
    const store = await ownedStore(persistence);
    await store.commit(
      'c',
      claimant,
      [
        { topic: 't', partition: 0, epoch: 1, offset: 3 },
        { topic: 't', partition: 1, epoch: 1, offset: 4 },
      ],
      { n: 3 },
      1,
      1000,
    );
    await store.release(
      'c',
      claimant,
      [0, 1].map((partition) => ({ topic: 't', partition, epoch: 1 })),
      2,
    );
    await store.setOffsets(
      'c',
      [
        { topic: 't', partition: 0, offset: null },
        { topic: 't', partition: 1, offset: 40 },
      ],
      3,
    );
    expect([...(persistence.offsets.get('c') ?? [])]).toEqual([['t:1', 40]]);
    expect(persistence.checkpoints.get('c')?.get(0)).toEqual({ n: 3 });
  });
});
