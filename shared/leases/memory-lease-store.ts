// Leases in process memory, for standalone mode and tests. Same semantics as the DynamoDB store
// (conditional on owner and epoch); offsets and checkpoints can be persisted through a hook, which
// standalone points at its offsets file so a restart continues where it stopped.
import type { JsonValue, TopicPartition } from '../api/connector.ts';
import {
  type Claimant,
  type Lease,
  type LeaseEvent,
  LeaseLostError,
  type LeaseSignal,
  type LeaseStore,
  leaseKey,
  type NewLease,
  type OffsetCommit,
  SOURCE_TASK_TOPIC,
} from './lease.ts';
import {
  assertDistinctPartitions,
  assertStorableOffset,
  byPartition,
  claimedLease,
  compareEvents,
  freshLease,
  isOwned,
  partitionsOwnedError,
  signalledLease,
  sourceTasksRunningError,
} from './lease-rules.ts';
import {
  normalizedWrites,
  type SourceOffsetWrite,
  type StoredSourceOffset,
  sourcePartitionKey,
} from './source-offsets.ts';

// Kept importable from here, where it was first defined.
export { byPartition } from './lease-rules.ts';

export interface LeasePersistence {
  load(connector: string): Promise<{
    offsets: ReadonlyMap<string, number>;
    checkpoints: ReadonlyMap<number, JsonValue>;
    sourceOffsets?: readonly StoredSourceOffset[];
  }>;
  /** Adds offsets and a checkpoint; source offset writes replace (null: delete) by partition. */
  save(
    connector: string,
    offsets: ReadonlyMap<string, number>,
    checkpoint: { task: number; value: JsonValue } | undefined,
    sourceOffsets?: readonly SourceOffsetWrite[],
  ): Promise<void>;
  /** Forgets a connector's offsets and checkpoints; its source offsets stay (see deleteConnector). */
  remove(connector: string): Promise<void>;
}

interface ConnectorLeases {
  leases: Map<string, Lease>;
  /** The task of the claim that set each lease's current epoch (kept after release, unlike ownerTask). */
  lastTasks: Map<string, number>;
  checkpoints: Map<number, JsonValue>;
  events: LeaseEvent[];
  /** sourcePartitionKey → committed source offset. */
  sourceOffsets: Map<string, StoredSourceOffset>;
}

export class MemoryLeaseStore implements LeaseStore {
  readonly #connectors = new Map<string, ConnectorLeases>();
  readonly #loading = new Map<string, Promise<ConnectorLeases>>();
  readonly #persistence: LeasePersistence | undefined;
  /** Lease generations by connector (see LeaseStore.generation); kept across deleteConnector. */
  readonly #generations = new Map<string, number>();

  constructor(persistence?: LeasePersistence) {
    this.#persistence = persistence;
  }

  async #state(connector: string): Promise<ConnectorLeases> {
    const known = this.#connectors.get(connector);
    if (known) return known;
    let loading = this.#loading.get(connector);
    if (!loading) {
      loading = (async () => {
        const persisted = await this.#persistence?.load(connector);
        const state: ConnectorLeases = {
          leases: new Map(),
          lastTasks: new Map(),
          checkpoints: new Map(persisted?.checkpoints ?? []),
          events: [],
          sourceOffsets: new Map(
            (persisted?.sourceOffsets ?? []).map((o) => [sourcePartitionKey(o.partition), o]),
          ),
        };
        for (const [key, offset] of persisted?.offsets ?? []) {
          const split = key.lastIndexOf(':');
          state.leases.set(
            key,
            freshLease(connector, key.slice(0, split), Number(key.slice(split + 1)), 0, offset),
          );
        }
        this.#connectors.set(connector, state);
        return state;
      })();
      this.#loading.set(connector, loading);
    }
    return loading;
  }

  async list(connector: string): Promise<Lease[]> {
    return [...(await this.#state(connector)).leases.values()].sort(byPartition);
  }

  async ensure(connector: string, partitions: readonly NewLease[], now: number): Promise<void> {
    const state = await this.#state(connector);
    for (const tp of partitions) {
      const key = leaseKey(tp.topic, tp.partition);
      if (!state.leases.has(key))
        state.leases.set(key, freshLease(connector, tp.topic, tp.partition, now, tp.offset ?? null));
    }
  }

  async assign(
    connector: string,
    changes: readonly { topic: string; partition: number; from: number | null; to: number | null }[],
    now: number,
  ): Promise<number> {
    const state = await this.#state(connector);
    let changed = 0;
    for (const change of changes) {
      const key = leaseKey(change.topic, change.partition);
      const lease = state.leases.get(key);
      if (!lease || lease.assignee !== change.from) continue;
      state.leases.set(key, { ...lease, assignee: change.to, updatedAt: now });
      changed++;
    }
    if (changed > 0) this.#bump(connector);
    return changed;
  }

  async signal(
    connector: string,
    partitions: readonly TopicPartition[],
    signal: LeaseSignal,
    _now: number,
  ): Promise<void> {
    const state = await this.#state(connector);
    for (const tp of partitions) {
      const key = leaseKey(tp.topic, tp.partition);
      const lease = state.leases.get(key);
      if (lease) state.leases.set(key, signalledLease(lease, signal));
    }
    if (partitions.length > 0) this.#bump(connector);
  }

  async claim(
    seen: Lease,
    claimant: Claimant,
    now: number,
    ttlMs: number,
    skewMs: number,
  ): Promise<Lease | null> {
    const state = await this.#state(seen.connector);
    const key = leaseKey(seen.topic, seen.partition);
    const lease = state.leases.get(key);
    const claimed =
      lease && claimedLease(lease, seen, claimant, state.lastTasks.get(key) ?? null, now, ttlMs, skewMs);
    if (!lease || !claimed) return null;
    state.leases.set(key, claimed);
    state.lastTasks.set(key, claimant.task);
    state.events.push(event(claimed, lease.owner === null ? 'claimed' : 'taken-over', claimant, now));
    if (lease.owner !== null) this.#bump(seen.connector);
    return claimed;
  }

  async commit(
    connector: string,
    claimant: Claimant,
    commits: readonly OffsetCommit[],
    checkpoint: JsonValue | undefined,
    now: number,
    ttlMs: number,
  ): Promise<Lease[]> {
    assertDistinctPartitions(connector, commits);
    for (const c of commits) assertStorableOffset(connector, c, c.offset);
    const state = await this.#state(connector);
    const fenceCheck = () => {
      const lost = commits.filter((c) => {
        const lease = state.leases.get(leaseKey(c.topic, c.partition));
        return !lease || lease.owner !== claimant.invocation || lease.epoch !== c.epoch;
      });
      if (lost.length > 0)
        throw new LeaseLostError(
          connector,
          lost.map((c) => ({ topic: c.topic, partition: c.partition })),
        );
    };
    fenceCheck();
    if (this.#persistence) {
      // Persisted before applied: a failed save leaves memory as it was, all or nothing.
      const offsets = new Map<string, number>();
      for (const [key, lease] of state.leases) if (lease.offset !== null) offsets.set(key, lease.offset);
      for (const c of commits) if (c.offset !== null) offsets.set(leaseKey(c.topic, c.partition), c.offset);
      await this.#persistence.save(
        connector,
        offsets,
        checkpoint === undefined ? undefined : { task: claimant.task, value: checkpoint },
      );
      // Checked again: a claim may have taken a lease while the save ran.
      fenceCheck();
    }
    // All conditions hold: apply every change, as one transaction would (to the leases as they are
    // now, so an assignee the coordinator changed meanwhile is kept and returned).
    const updated = commits.map((c) => {
      const key = leaseKey(c.topic, c.partition);
      const current = state.leases.get(key)!;
      const lease = {
        ...current,
        offset: c.offset ?? current.offset,
        expiresAt: now + ttlMs,
        updatedAt: now,
      };
      state.leases.set(key, lease);
      return lease;
    });
    if (checkpoint !== undefined) state.checkpoints.set(claimant.task, checkpoint);
    return updated;
  }

  async release(
    connector: string,
    claimant: Claimant,
    leases: readonly { topic: string; partition: number; epoch: number }[],
    now: number,
  ): Promise<void> {
    const state = await this.#state(connector);
    for (const l of leases) {
      const key = leaseKey(l.topic, l.partition);
      const lease = state.leases.get(key);
      if (!lease || lease.owner !== claimant.invocation || lease.epoch !== l.epoch) continue;
      state.leases.set(key, { ...lease, owner: null, ownerTask: null, expiresAt: 0, updatedAt: now });
      state.events.push(event(lease, 'released', claimant, now));
      this.#bump(connector);
    }
  }

  async checkpoint(connector: string, task: number): Promise<JsonValue | undefined> {
    return (await this.#state(connector)).checkpoints.get(task);
  }

  async setOffsets(
    connector: string,
    offsets: readonly { topic: string; partition: number; offset: number | null }[],
    now: number,
  ): Promise<void> {
    assertDistinctPartitions(connector, offsets);
    for (const o of offsets) assertStorableOffset(connector, o, o.offset);
    const state = await this.#state(connector);
    const owned = offsets.flatMap((o) => {
      const lease = state.leases.get(leaseKey(o.topic, o.partition));
      return lease && isOwned(lease, now) ? [{ topic: o.topic, partition: o.partition }] : [];
    });
    if (owned.length > 0) throw partitionsOwnedError(connector, owned.sort(byPartition), offsets);
    for (const o of offsets) {
      const key = leaseKey(o.topic, o.partition);
      const lease = state.leases.get(key) ?? freshLease(connector, o.topic, o.partition, now, null);
      if (lease.owner !== null) {
        // Past its expiry but never released: evict the owner, so a late commit of it fails.
        state.events.push(
          event(lease, 'released', { invocation: lease.owner, task: lease.ownerTask ?? -1 }, now),
        );
      }
      state.leases.set(key, {
        ...lease,
        owner: null,
        ownerTask: null,
        expiresAt: 0,
        offset: o.offset,
        updatedAt: now,
      });
    }
    this.#bump(connector);
    if (this.#persistence) {
      const persisted = new Map<string, number>();
      for (const [key, lease] of state.leases) if (lease.offset !== null) persisted.set(key, lease.offset);
      // Offsets reset to null must disappear from the persisted copy, and `save` adds one checkpoint
      // at a time: start over, then put every checkpoint back.
      await this.#persistence.remove(connector);
      await this.#persistence.save(connector, persisted, undefined);
      for (const [task, value] of state.checkpoints)
        await this.#persistence.save(connector, persisted, { task, value });
    }
  }

  async generation(connector: string): Promise<number> {
    return this.#generations.get(connector) ?? 0;
  }

  #bump(connector: string): void {
    this.#generations.set(connector, (this.#generations.get(connector) ?? 0) + 1);
  }

  async deleteConnector(connector: string): Promise<void> {
    this.#bump(connector);
    const sourceOffsets = (await this.#state(connector)).sourceOffsets;
    this.#loading.delete(connector);
    this.#connectors.set(connector, {
      leases: new Map(),
      lastTasks: new Map(),
      checkpoints: new Map(),
      events: [],
      sourceOffsets,
    });
    await this.#persistence?.remove(connector);
  }

  async sourceOffsets(connector: string): Promise<StoredSourceOffset[]> {
    return [...(await this.#state(connector)).sourceOffsets.values()];
  }

  async commitSourceOffsets(
    connector: string,
    claimant: Claimant,
    held: { readonly topic: string; readonly partition: number; readonly epoch: number },
    offsets: readonly SourceOffsetWrite[],
    checkpoint: JsonValue | undefined,
    now: number,
    ttlMs: number,
  ): Promise<Lease> {
    const writes = normalizedWrites(offsets);
    const state = await this.#state(connector);
    const key = leaseKey(held.topic, held.partition);
    const fenceCheck = () => {
      const lease = state.leases.get(key);
      if (!lease || lease.owner !== claimant.invocation || lease.epoch !== held.epoch)
        throw new LeaseLostError(connector, [{ topic: held.topic, partition: held.partition }]);
    };
    fenceCheck();
    if (this.#persistence && (writes.length > 0 || checkpoint !== undefined)) {
      await this.#persistence.save(
        connector,
        new Map(),
        checkpoint === undefined ? undefined : { task: claimant.task, value: checkpoint },
        writes,
      );
      // Checked again: a claim may have taken the lease while the save ran.
      fenceCheck();
    }
    applySourceOffsets(state, writes);
    if (checkpoint !== undefined) state.checkpoints.set(claimant.task, checkpoint);
    const lease = { ...state.leases.get(key)!, expiresAt: now + ttlMs, updatedAt: now };
    state.leases.set(key, lease);
    return lease;
  }

  async setSourceOffsets(
    connector: string,
    offsets: readonly SourceOffsetWrite[],
    now: number,
  ): Promise<void> {
    const writes = normalizedWrites(offsets);
    const state = await this.#state(connector);
    const tasks = [...state.leases.values()].filter((l) => l.topic === SOURCE_TASK_TOPIC);
    const owned = tasks.filter((lease) => isOwned(lease, now));
    if (owned.length > 0) throw sourceTasksRunningError(connector, owned.sort(byPartition));
    await this.#persistence?.save(connector, new Map(), undefined, writes);
    // A task's checkpoint holds an exactly-once commit a crash left half done: settling it later
    // would write its offsets over these.
    for (const lease of tasks) {
      if (!state.checkpoints.has(lease.partition)) continue;
      await this.#persistence?.save(connector, new Map(), { task: lease.partition, value: null });
      state.checkpoints.delete(lease.partition);
    }
    for (const lease of tasks) {
      if (lease.owner === null) continue;
      // Past its expiry but never released: evict the owner, so a late commit of it fails.
      state.events.push(
        event(lease, 'released', { invocation: lease.owner, task: lease.ownerTask ?? -1 }, now),
      );
      state.leases.set(leaseKey(lease.topic, lease.partition), {
        ...lease,
        owner: null,
        ownerTask: null,
        expiresAt: 0,
        updatedAt: now,
      });
    }
    applySourceOffsets(state, writes);
    this.#bump(connector);
  }

  async events(connector: string): Promise<LeaseEvent[]> {
    return [...(await this.#state(connector)).events].sort(compareEvents);
  }
}

function applySourceOffsets(state: ConnectorLeases, writes: readonly SourceOffsetWrite[]): void {
  for (const { partition, offset } of writes) {
    const key = sourcePartitionKey(partition);
    if (offset === null) state.sourceOffsets.delete(key);
    else state.sourceOffsets.set(key, { partition, offset });
  }
}

function event(lease: Lease, type: LeaseEvent['type'], claimant: Claimant, at: number): LeaseEvent {
  return {
    connector: lease.connector,
    topic: lease.topic,
    partition: lease.partition,
    // The epoch the lease has after the change (a release keeps it).
    epoch: lease.epoch,
    type,
    invocation: claimant.invocation,
    task: claimant.task,
    at,
  };
}
