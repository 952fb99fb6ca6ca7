// Rules every LeaseStore adapter applies the same way, so the in-memory and DynamoDB stores
// refuse the same inputs with the same messages.
import type { TopicPartition } from '../api/connector.ts';
import { ConnectError } from '../api/errors.ts';
import {
  type Claimant,
  describeLease,
  isClaimable,
  type Lease,
  type LeaseEvent,
  type LeaseSignal,
} from './lease.ts';

/**
 * Kafka offsets are int64, JavaScript numbers are exact only up to 2^53 − 1 (about 9 × 10^15:
 * a partition receiving a million records per second reaches it after 285 years). Rather than
 * round silently, an offset beyond that is refused.
 */
export function assertStorableOffset(connector: string, tp: TopicPartition, offset: number | null): void {
  if (offset === null) return;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new ConnectError(
      `Invalid offset ${offset} for ${tp.topic}-${tp.partition} of connector ${connector}: offsets must be integers from 0 to ${Number.MAX_SAFE_INTEGER}`,
    );
  }
}

/** One write per partition: a transaction cannot touch an item twice, so both stores refuse it. */
export function assertDistinctPartitions(connector: string, partitions: readonly TopicPartition[]): void {
  const seen = new Set<string>();
  for (const tp of partitions) {
    const key = `${tp.topic}-${tp.partition}`;
    if (seen.has(key))
      throw new ConnectError(`Partition ${key} of connector ${connector} appears twice in one request`);
    seen.add(key);
  }
}

/**
 * True while a task may still be acting on the lease. Without a clock-skew allowance here: an
 * owner past its expiry is evicted by setOffsets, and its late commit fails on the owner condition.
 */
export function isOwned(lease: Lease, now: number): boolean {
  return lease.owner !== null && lease.expiresAt >= now;
}

/**
 * Why setOffsets refused, in Kafka Connect's words for the same situation (its sink tasks still in
 * the consumer group), followed by the partitions still held. All offsets null is what DELETE
 * /offsets sends, so it reads as a reset. Kafka's last sentence (restart the cluster to get rid of
 * zombie tasks) does not apply here: a zombie's lease expires by itself.
 */
/**
 * Offsets could not be set because a task still holds (or keeps changing) the connector's leases:
 * right after a stop, a task finishes its batch before it lets go. Retrying shortly succeeds.
 */
export class LeasesHeldError extends ConnectError {}

export function partitionsOwnedError(
  connector: string,
  owned: readonly TopicPartition[],
  offsets: readonly { offset: number | null }[],
): LeasesHeldError {
  const verb = offsets.every((o) => o.offset === null) ? 'reset' : 'alter';
  const names = owned.map((tp) => `${tp.topic}-${tp.partition}`).join(', ');
  return new LeasesHeldError(
    `Failed to ${verb} consumer group offsets for connector ${connector} either because its tasks haven't stopped completely yet or the connector was resumed before the request to ${verb} its offsets could be successfully completed. If the connector is in a stopped state, this operation can be safely retried. Still held by a task: ${names} (released at the task's next batch boundary, or when its lease expires).`,
  );
}

/**
 * Why setSourceOffsets refused. Kafka only checks that the connector is STOPPED (its tasks then are
 * gone); here a task may still be finishing its last batch, so the message says which and until when.
 */
export function sourceTasksRunningError(connector: string, owned: readonly Lease[]): LeasesHeldError {
  const tasks = owned.map((lease) => describeLease(lease)).join(', ');
  return new LeasesHeldError(
    `Failed to modify offsets for source connector ${connector}: its tasks haven't stopped completely yet (still running: ${tasks}; a task stops at its next batch boundary, or its lease expires). If the connector is in a stopped state, this operation can be safely retried.`,
  );
}

/**
 * The order events are returned in: by time, then (for equal times) by partition and epoch, so
 * that each partition's history reads claimed → released → claimed ... even when one clock
 * stamped several changes in the same millisecond.
 */
export function compareEvents(a: LeaseEvent, b: LeaseEvent): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  if (a.partition !== b.partition) return a.partition - b.partition;
  if (a.epoch !== b.epoch) return a.epoch - b.epoch;
  return eventRank(a.type) - eventRank(b.type);
}

/** Within one epoch a lease is first taken, then given up. */
export function eventRank(type: LeaseEvent['type']): number {
  return type === 'released' ? 1 : 0;
}

/** A lease as `ensure` creates it: free, unassigned, never claimed. */
export function freshLease(
  connector: string,
  topic: string,
  partition: number,
  now: number,
  offset: number | null,
): Lease {
  return {
    connector,
    topic,
    partition,
    assignee: null,
    owner: null,
    ownerTask: null,
    epoch: 0,
    expiresAt: 0,
    offset,
    ownerSwitches: 0,
    updatedAt: now,
  };
}

export function byPartition(
  a: { topic: string; partition: number },
  b: { topic: string; partition: number },
): number {
  return a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1;
}

/**
 * The lease a claim would store, or null when the claim must fail: the lease changed since the
 * claimant saw it, is assigned elsewhere, or is still held (even allowing for clock skew). A
 * switch counts a change of task, not of invocation: a task re-claiming what it released at the
 * end of its previous invocation has not moved the partition. Both stores apply this one rule.
 */
export function claimedLease(
  current: Lease,
  seen: Lease,
  claimant: Claimant,
  lastTask: number | null,
  now: number,
  ttlMs: number,
  skewMs: number,
): Lease | null {
  if (
    current.epoch !== seen.epoch ||
    current.assignee !== claimant.task ||
    !isClaimable(current, now, skewMs)
  )
    return null;
  return {
    ...current,
    owner: claimant.invocation,
    ownerTask: claimant.task,
    epoch: current.epoch + 1,
    expiresAt: now + ttlMs,
    ownerSwitches: current.ownerSwitches + (lastTask === claimant.task ? 0 : 1),
    updatedAt: now,
  };
}

/** The lease with a signal stamped on it: the config version only ever rises, restarts count up. */
export function signalledLease(lease: Lease, signal: LeaseSignal): Lease {
  let next = lease;
  if (signal.configVersion !== undefined && (lease.configVersion ?? 0) < signal.configVersion)
    next = { ...next, configVersion: signal.configVersion };
  if (signal.restart) next = { ...next, restarts: (lease.restarts ?? 0) + 1 };
  return next;
}
