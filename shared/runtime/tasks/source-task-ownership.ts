// The task side of the lease protocol for a source task: one lease per task config. The task runs
// only while it holds its lease; its offsets are committed on the lease (fenced by the epoch), and
// it gives the lease up when the coordinator unassigns it (pause, stop, fewer task configs).
// Like LeaseOwnership, a refresh reads the connector's lease generation and lists the leases only
// when it moved, when the lease it waits for may have expired, or every `listEveryMs`.
import type { JsonValue } from '../../api/connector.ts';
import {
  type Claimant,
  isClaimable,
  type Lease,
  type LeaseStore,
  SOURCE_TASK_TOPIC,
  sourceTaskLease,
} from '../../leases/lease.ts';
import type { SourceOffsetWrite } from '../../leases/source-offsets.ts';
import type { ControlSignal } from './sink-task-runner.ts';

/**
 * held: ours. waiting: assigned here but another invocation still holds it. unassigned: not for
 * this task (any more). revoked: ours, but the coordinator wants it released. lost: taken from us.
 */
export type SourceLeaseState = 'held' | 'waiting' | 'unassigned' | 'revoked' | 'lost';

export interface SourceTaskLeaseOptions {
  readonly store: LeaseStore;
  readonly connector: string;
  readonly claimant: Claimant;
  readonly ttlMs: number;
  readonly skewMs: number;
  /** Longest time between two listings while the generation stands still; default ttlMs / 3. */
  readonly listEveryMs?: number;
  readonly now?: () => number;
}

export class SourceTaskLease {
  readonly #options: SourceTaskLeaseOptions;
  readonly #now: () => number;
  #held: Lease | undefined;
  /** Restarts requested as of the claim: more than that asks this invocation to end. */
  #restartsAtClaim = 0;
  /** The control plane's signal as of the last refresh (see LeaseSignal). */
  #control: ControlSignal = { restartRequested: false, configVersion: null };
  #lastRenewal = 0;
  /** The last listing: its generation, time, state, and when a lease held elsewhere may expire. */
  #listing: { generation: number; at: number; state: SourceLeaseState; claimableAt: number } | undefined;
  readonly #listEveryMs: number;

  constructor(options: SourceTaskLeaseOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#listEveryMs = options.listEveryMs ?? options.ttlMs / 3;
  }

  /** Looks at the task's lease, and claims it when it is assigned here and free (or expired). */
  async refresh(): Promise<SourceLeaseState> {
    const generation = await this.#options.store.generation(this.#options.connector);
    const now = this.#now();
    const last = this.#listing;
    // 'held' and 'unassigned' stay so until something bumps the generation; the others may not.
    if (
      last !== undefined &&
      last.generation === generation &&
      now - last.at < this.#listEveryMs &&
      now < last.claimableAt &&
      (last.state === 'held'
        ? this.#held !== undefined
        : last.state === 'unassigned' || last.state === 'waiting')
    )
      return last.state;
    const { state, claimableAt } = await this.#list();
    this.#listing = { generation, at: now, state, claimableAt };
    return state;
  }

  async #list(): Promise<{ state: SourceLeaseState; claimableAt: number }> {
    const { store, connector, claimant, ttlMs, skewMs } = this.#options;
    const lease = (await store.list(connector)).find(
      (l) => l.topic === SOURCE_TASK_TOPIC && l.partition === claimant.task,
    );
    const held = this.#held;
    this.#control = {
      restartRequested: held !== undefined && (lease?.restarts ?? 0) > this.#restartsAtClaim,
      configVersion: lease?.configVersion ?? null,
    };
    const never = Number.POSITIVE_INFINITY;
    if (held) {
      if (!lease || lease.owner !== claimant.invocation || lease.epoch !== held.epoch) {
        this.#held = undefined;
        return { state: 'lost', claimableAt: 0 };
      }
      return { state: lease.assignee === claimant.task ? 'held' : 'revoked', claimableAt: never };
    }
    if (!lease || lease.assignee !== claimant.task) return { state: 'unassigned', claimableAt: never };
    if (!isClaimable(lease, this.#now(), skewMs))
      // Its owner may release it (a bump) or let it run out (no bump): look again by then.
      return { state: 'waiting', claimableAt: lease.expiresAt + skewMs + 1 };
    const claimed = await store.claim(lease, claimant, this.#now(), ttlMs, skewMs);
    // Someone else got it, unannounced (claims of free leases do not bump): list next time.
    if (claimed === null) return { state: 'waiting', claimableAt: 0 };
    this.#held = claimed;
    this.#restartsAtClaim = claimed.restarts ?? 0;
    this.#lastRenewal = this.#now();
    return { state: 'held', claimableAt: never };
  }

  /** What the control plane asked, as of the last refresh. */
  control(): ControlSignal {
    return this.#control;
  }

  /** The epoch of the lease held (the fencing token), undefined when none is held. */
  epoch(): number | undefined {
    return this.#held?.epoch;
  }

  held(): boolean {
    return this.#held !== undefined;
  }

  checkpoint(): Promise<JsonValue | undefined> {
    return this.#options.store.checkpoint(this.#options.connector, this.#options.claimant.task);
  }

  /** Commits offsets (and a checkpoint) and renews the lease; throws LeaseLostError when fenced. */
  async commit(offsets: readonly SourceOffsetWrite[], checkpoint?: JsonValue): Promise<void> {
    const held = this.#held;
    if (!held) return;
    const { store, connector, claimant, ttlMs } = this.#options;
    const writtenAt = this.#now();
    try {
      this.#held = await store.commitSourceOffsets(
        connector,
        claimant,
        held,
        offsets,
        checkpoint,
        writtenAt,
        ttlMs,
      );
      this.#lastRenewal = writtenAt;
    } catch (error) {
      this.#held = undefined;
      throw error;
    }
  }

  /** True when the lease must be renewed soon even without new offsets. */
  renewalDue(): boolean {
    return this.#held !== undefined && this.#now() - this.#lastRenewal >= this.#options.ttlMs / 3;
  }

  /** False once the lease is close enough to expiry that another invocation may take it. */
  stillValid(): boolean {
    const held = this.#held;
    if (!held) return false;
    const margin = Math.min(this.#options.skewMs, this.#options.ttlMs / 4);
    return held.expiresAt - margin > this.#now();
  }

  async release(): Promise<void> {
    const held = this.#held;
    if (!held) return;
    this.#held = undefined;
    const { store, connector, claimant } = this.#options;
    await store.release(
      connector,
      claimant,
      [{ ...sourceTaskLease(claimant.task), epoch: held.epoch }],
      this.#now(),
    );
  }
}
