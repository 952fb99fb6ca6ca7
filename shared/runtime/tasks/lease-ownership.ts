// The task side of the lease protocol: claim what the coordinator assigned to this task, give up
// what it moved elsewhere (after the final commit), notice what was taken over, and renew.
//
// Listening is cheap: each refresh reads the connector's lease generation (one small read) and
// lists the leases only when it moved, when a lease this task waits for may have expired, or when
// the last listing is older than `listEveryMs` (the backstop for a bump that was never written).
// Fencing does not depend on it: every commit is conditional on owner and epoch, and stillValid()
// stops a task whose own leases run out.
import type { JsonValue, TopicPartition } from '../../api/connector.ts';
import {
  type Claimant,
  isClaimable,
  type Lease,
  LeaseLostError,
  type LeaseStore,
  leaseKey,
} from '../../leases/lease.ts';
import type {
  ControlSignal,
  OwnedPartition,
  OwnershipChanges,
  PartitionOwnership,
} from './sink-task-runner.ts';

export interface LeaseOwnershipOptions {
  readonly store: LeaseStore;
  readonly connector: string;
  readonly claimant: Claimant;
  /** How long a lease stays valid without renewal. */
  readonly ttlMs: number;
  /** Clock difference tolerated between processes when judging whether a lease expired. */
  readonly skewMs: number;
  /** Longest time between two listings while the generation stands still; default ttlMs / 3. */
  readonly listEveryMs?: number;
  readonly now?: () => number;
}

/** What a refresh remembers from its last listing, to answer without listing again. */
interface Listing {
  readonly generation: number;
  readonly at: number;
  /** When a lease assigned here but held elsewhere may be taken over (Infinity: none waits). */
  readonly claimableAt: number;
  readonly assigned: number;
  readonly control: ControlSignal;
}

export class LeaseOwnership implements PartitionOwnership {
  readonly #options: LeaseOwnershipOptions;
  readonly #now: () => number;
  /** Leases this invocation holds, as last written. */
  readonly #held = new Map<string, Lease>();
  /** Restarts requested per held lease as of its claim: more than that asks this invocation to end. */
  readonly #restartsAtClaim = new Map<string, number>();
  #lastRenewal = 0;
  #listing: Listing | undefined;
  /**
   * Claims made and losses found by a listing that then failed part-way (a store unavailable for
   * now): already reflected in #held, so they are reported by the next listing that completes.
   */
  #unreported: { acquired: OwnedPartition[]; lost: TopicPartition[] } = { acquired: [], lost: [] };
  readonly #listEveryMs: number;

  constructor(options: LeaseOwnershipOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#listEveryMs = options.listEveryMs ?? options.ttlMs / 3;
  }

  checkpoint(): Promise<JsonValue | undefined> {
    return this.#options.store.checkpoint(this.#options.connector, this.#options.claimant.task);
  }

  async refresh(): Promise<OwnershipChanges> {
    const { store, connector } = this.#options;
    const generation = await store.generation(connector);
    const last = this.#listing;
    const now = this.#now();
    if (
      last !== undefined &&
      this.#unreported.acquired.length === 0 &&
      this.#unreported.lost.length === 0 &&
      last.generation === generation &&
      now - last.at < this.#listEveryMs &&
      now < last.claimableAt
    ) {
      // Nothing a task must hear has happened since the last listing.
      return { acquired: [], revoke: [], lost: [], assigned: last.assigned, control: last.control };
    }
    return this.#list(generation, now);
  }

  async #list(generation: number, listedAt: number): Promise<OwnershipChanges> {
    const { store, connector, claimant, ttlMs, skewMs } = this.#options;
    const leases = await store.list(connector);
    const current = new Map(leases.map((l) => [leaseKey(l.topic, l.partition), l]));
    const { acquired, lost } = this.#unreported;
    const revoke: TopicPartition[] = [];
    for (const [key, held] of this.#held) {
      const now = current.get(key);
      // A claim not reported yet that is lost or revoked already: the task never started on it.
      const unreported = acquired.findIndex((a) => leaseKey(a.topic, a.partition) === key);
      if (!now || now.owner !== claimant.invocation || now.epoch !== held.epoch) {
        this.#held.delete(key);
        if (unreported >= 0) acquired.splice(unreported, 1);
        else lost.push(held);
      } else if (now.assignee !== claimant.task) {
        if (unreported >= 0) acquired.splice(unreported, 1);
        revoke.push(held);
      }
    }
    let assigned = 0;
    let restartRequested = false;
    let configVersion: number | null = null;
    let claimableAt = Number.POSITIVE_INFINITY;
    for (const lease of leases) {
      const key = leaseKey(lease.topic, lease.partition);
      // The control signal is read before this lease's claim below: one claimed now brings no news.
      const mine = this.#held.has(key) && lease.owner === claimant.invocation;
      if (mine && (lease.restarts ?? 0) > (this.#restartsAtClaim.get(key) ?? 0)) restartRequested = true;
      if ((mine || lease.assignee === claimant.task) && lease.configVersion !== undefined)
        configVersion = Math.max(configVersion ?? 0, lease.configVersion);
      if (lease.assignee === claimant.task) assigned++;
      if (lease.assignee !== claimant.task || this.#held.has(key)) continue;
      if (!isClaimable(lease, this.#now(), skewMs)) {
        // Its owner may release it (a bump) or let it run out (no bump): look again by then.
        claimableAt = Math.min(claimableAt, lease.expiresAt + skewMs + 1);
        continue;
      }
      const claimed = await store.claim(lease, claimant, this.#now(), ttlMs, skewMs);
      if (claimed === null) {
        // Someone else got it, unannounced (claims of free leases do not bump): list next time.
        claimableAt = listedAt;
        continue;
      }
      this.#held.set(key, claimed);
      this.#restartsAtClaim.set(key, claimed.restarts ?? 0);
      acquired.push({ topic: claimed.topic, partition: claimed.partition, committedOffset: claimed.offset });
    }
    if (acquired.length > 0 && this.#lastRenewal === 0) this.#lastRenewal = this.#now();
    const control = { restartRequested, configVersion };
    this.#listing = { generation, at: listedAt, claimableAt, assigned, control };
    this.#unreported = { acquired: [], lost: [] };
    return { acquired, revoke, lost, assigned, control };
  }

  renewalDue(): boolean {
    return this.#held.size > 0 && this.#now() - this.#lastRenewal >= this.#options.ttlMs / 3;
  }

  async commit(offsets: ReadonlyMap<string, number>, checkpoint: JsonValue | undefined): Promise<void> {
    const { store, connector, claimant, ttlMs } = this.#options;
    if (this.#held.size === 0 && checkpoint === undefined) return;
    // Every held lease is written, changed or not: the write is also the renewal.
    const commits = [...this.#held.entries()].map(([key, lease]) => ({
      topic: lease.topic,
      partition: lease.partition,
      epoch: lease.epoch,
      offset: offsets.get(key) ?? null,
    }));
    const writtenAt = this.#now();
    try {
      const updated = await store.commit(connector, claimant, commits, checkpoint, writtenAt, ttlMs);
      for (const lease of updated) this.#held.set(leaseKey(lease.topic, lease.partition), lease);
      this.#lastRenewal = writtenAt;
    } catch (error) {
      if (error instanceof LeaseLostError)
        for (const p of error.partitions) this.#held.delete(leaseKey(p.topic, p.partition));
      throw error;
    }
  }

  async release(partitions: readonly TopicPartition[]): Promise<void> {
    const leases = partitions.flatMap((p) => {
      const held = this.#held.get(leaseKey(p.topic, p.partition));
      return held ? [held] : [];
    });
    if (leases.length === 0) return;
    await this.#options.store.release(this.#options.connector, this.#options.claimant, leases, this.#now());
    for (const lease of leases) this.#held.delete(leaseKey(lease.topic, lease.partition));
  }

  /**
   * False once any held lease is within a safety margin of expiring: past that point another task
   * may take it over, so this one must stop writing to the sink.
   */
  stillValid(): boolean {
    const margin = Math.min(this.#options.skewMs, this.#options.ttlMs / 4);
    const now = this.#now();
    for (const lease of this.#held.values()) if (lease.expiresAt - margin <= now) return false;
    return true;
  }

  held(): TopicPartition[] {
    return [...this.#held.values()].map((l) => ({ topic: l.topic, partition: l.partition }));
  }

  abandon(): void {
    this.#held.clear();
  }

  async close(): Promise<void> {
    await this.release(this.held());
  }
}
