// A lease gives one task invocation the exclusive right to read and commit one Kafka partition
// for one connector. Rules (DESIGN.md §3):
//   exclusive  every write is conditional on owner and epoch;
//   fenced     each change of owner increments epoch, and a commit carries the epoch it holds;
//   sticky     the coordinator only changes `assignee`; the owner gives the partition up at a batch
//              boundary (after committing), or the new assignee takes it once the lease expired.
import type { JsonValue, TopicPartition } from '../api/connector.ts';
import { ConnectError } from '../api/errors.ts';
import type { SourceOffsetWrite, StoredSourceOffset } from './source-offsets.ts';

/**
 * A source connector leases its task configs, not Kafka partitions: one lease per task, under this
 * topic name (not a legal Kafka topic name, so it never meets a real one), its partition the task id.
 */
export const SOURCE_TASK_TOPIC = '@source-task';

/** The lease of source task `task`, as a topic partition. */
export function sourceTaskLease(task: number): TopicPartition {
  return { topic: SOURCE_TASK_TOPIC, partition: task };
}

export interface Lease {
  readonly connector: string;
  readonly topic: string;
  readonly partition: number;
  /** The task the coordinator wants to own this partition; null: nobody (paused, stopped). */
  readonly assignee: number | null;
  /** The invocation holding the lease right now; null when free. */
  readonly owner: string | null;
  readonly ownerTask: number | null;
  /** Fencing token: incremented every time the owner changes. */
  readonly epoch: number;
  /** Until when (ms since epoch, owner's clock) the owner may act without renewing. */
  readonly expiresAt: number;
  /** Next offset to read; null when nothing was ever committed. */
  readonly offset: number | null;
  /** Claims by a task other than the one that claimed before (a task re-claiming after a release does not count). */
  readonly ownerSwitches: number;
  readonly updatedAt: number;
  /**
   * Control signals the coordinator stamps for the invocation holding the lease (see LeaseSignal):
   * the connector config version it last saw, and how many restarts were requested for the task.
   * Absent until first stamped. A stamp moves the connector's lease generation, so the tasks list
   * their leases at their next poll and find it: hearing the control plane costs no extra request.
   */
  readonly configVersion?: number;
  readonly restarts?: number;
}

/** What the coordinator tells the invocations holding some leases. */
export interface LeaseSignal {
  /** The connector's config is at this version now (a lower stamp is raised, a higher one kept). */
  readonly configVersion?: number;
  /** The task must restart: its holder ends after its batch and a fresh invocation takes over. */
  readonly restart?: boolean;
}

/** A partition to lease, and the offset its lease starts at when it is created (none: null). */
export interface NewLease extends TopicPartition {
  readonly offset?: number | null;
}

/** Who is acting on a lease: a task invocation. */
export interface Claimant {
  readonly invocation: string;
  readonly task: number;
}

export interface OffsetCommit {
  readonly topic: string;
  readonly partition: number;
  /** The epoch the committer holds; the write succeeds only if the lease still has it. */
  readonly epoch: number;
  /** The next offset to read; null renews the lease without touching its offset. */
  readonly offset: number | null;
}

/** One change of ownership, kept for audits ("was there ever a moment with two owners?"). */
export interface LeaseEvent {
  readonly connector: string;
  readonly topic: string;
  readonly partition: number;
  readonly epoch: number;
  readonly type: 'claimed' | 'released' | 'taken-over';
  readonly invocation: string;
  readonly task: number;
  readonly at: number;
}

export interface LeaseStore {
  /** Every lease of a connector, read consistently. */
  list(connector: string): Promise<Lease[]>;
  /**
   * Adds leases for partitions that have none yet (free, unassigned), at the offset given with the
   * partition (a take-over from Kafka Connect's consumer group), else with none.
   */
  ensure(connector: string, partitions: readonly NewLease[], now: number): Promise<void>;
  /** Sets assignees, each conditional on the assignee the caller last saw; returns how many changed. */
  assign(
    connector: string,
    changes: readonly { topic: string; partition: number; from: number | null; to: number | null }[],
    now: number,
  ): Promise<number>;
  /**
   * Takes a lease for `claimant` if it is assigned to claimant.task and either free, or expired by
   * more than the allowed clock skew. Returns the new lease, or null if someone else got there first.
   */
  claim(lease: Lease, claimant: Claimant, now: number, ttlMs: number, skewMs: number): Promise<Lease | null>;
  /**
   * Commits offsets (and the task's sink checkpoint) and extends the leases, all or nothing, each
   * conditional on owner and epoch. Throws LeaseLostError naming the partitions that were fenced.
   * Returns the leases as they are after the write (so the caller sees new assignees). Offsets must
   * be integers from 0 to 2^53 − 1 and each partition may appear once (else ConnectError).
   */
  commit(
    connector: string,
    claimant: Claimant,
    commits: readonly OffsetCommit[],
    checkpoint: JsonValue | undefined,
    now: number,
    ttlMs: number,
  ): Promise<Lease[]>;
  /** Gives leases up (owner cleared, epoch kept; the next claim increments it). */
  release(
    connector: string,
    claimant: Claimant,
    leases: readonly { topic: string; partition: number; epoch: number }[],
    now: number,
  ): Promise<void>;
  /**
   * Stamps a signal on existing leases (never creates one, never changes ownership): unconditional
   * apart from that, so it needs no epoch and cannot fence anyone.
   */
  signal(
    connector: string,
    partitions: readonly TopicPartition[],
    signal: LeaseSignal,
    now: number,
  ): Promise<void>;
  /**
   * The connector's lease generation: a number that changes whenever something a running task must
   * hear changes on its leases (an assignee, a control signal, a release, a take-over, offsets set
   * or the connector deleted) and stays put under commits and claims of free leases. A task reads
   * it each poll (one small read) and lists the leases only when it moved. It may lag a change by a
   * moment (an eventually consistent read, a bump written after the change), never skip one for
   * good: callers still list the leases now and then.
   */
  generation(connector: string): Promise<number>;
  /** The task's sink checkpoint from its last commit. */
  checkpoint(connector: string, task: number): Promise<JsonValue | undefined>;
  /**
   * Overwrites offsets while nobody owns the partitions (the REST API's PATCH/DELETE offsets); null
   * resets a partition. Throws ConnectError (Kafka's "Failed to alter consumer group offsets ..."),
   * changing nothing, while a task holds an unexpired lease on one of them; an owner past its expiry
   * is evicted (a `released` event in its name).
   */
  setOffsets(
    connector: string,
    offsets: readonly { topic: string; partition: number; offset: number | null }[],
    now: number,
  ): Promise<void>;
  /**
   * Removes every lease, checkpoint and event of a connector. Source offsets stay, as they do in
   * Kafka's offsets topic: a connector created again under the same name resumes from them (DELETE
   * /connectors/{name}/offsets forgets them).
   */
  deleteConnector(connector: string): Promise<void>;
  /** A source connector's committed offsets, one per source partition. */
  sourceOffsets(connector: string): Promise<StoredSourceOffset[]>;
  /**
   * Writes source offsets (null deletes one) and the task's checkpoint, and renews the task's lease,
   * conditional on the caller still holding `lease` at its epoch: a fenced writer changes nothing
   * and gets LeaseLostError. Returns the lease as it is after the write.
   */
  commitSourceOffsets(
    connector: string,
    claimant: Claimant,
    lease: { readonly topic: string; readonly partition: number; readonly epoch: number },
    offsets: readonly SourceOffsetWrite[],
    checkpoint: JsonValue | undefined,
    now: number,
    ttlMs: number,
  ): Promise<Lease>;
  /**
   * Overwrites source offsets while no task holds a lease of the connector (the REST API's PATCH /
   * DELETE offsets); null deletes. Refuses with ConnectError, changing nothing, while a task holds an
   * unexpired lease; an owner past its expiry is evicted (its late commit then fails).
   */
  setSourceOffsets(connector: string, offsets: readonly SourceOffsetWrite[], now: number): Promise<void>;
  /**
   * The ownership history of a connector's partitions, oldest first (equal times: by partition, then
   * epoch, a claim before its release).
   */
  events(connector: string): Promise<LeaseEvent[]>;
}

/** Thrown by commit when a partition's lease is no longer the caller's: a zombie must stop. */
export class LeaseLostError extends ConnectError {
  readonly partitions: readonly TopicPartition[];

  constructor(connector: string, partitions: readonly TopicPartition[]) {
    super(
      `Lost the lease of ${partitions.map(describeLease).join(', ')} for connector ${connector}: another task owns ${
        partitions.length > 1 ? 'them' : 'it'
      } now`,
    );
    this.partitions = partitions;
  }
}

/** How a lease is named in messages: `topic-partition`, or `task N` for a source task. */
export function describeLease(tp: TopicPartition): string {
  return tp.topic === SOURCE_TASK_TOPIC ? `task ${tp.partition}` : `${tp.topic}-${tp.partition}`;
}

export function leaseKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

/** True when a lease may be taken over: free, or expired even allowing for clock skew. */
export function isClaimable(lease: Lease, now: number, skewMs: number): boolean {
  return lease.owner === null || lease.expiresAt + skewMs < now;
}
