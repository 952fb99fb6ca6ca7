// Rules every LeaseStore adapter applies the same way, so the in-memory and DynamoDB stores
// refuse the same inputs with the same messages.
import type { TopicPartition } from '../api/connector.ts';
import { ConnectError } from '../api/errors.ts';
import type { Lease, LeaseEvent } from './lease.ts';

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

/** Why setOffsets refused: Kafka Connect only alters the offsets of a stopped connector. */
export function partitionsOwnedError(connector: string, owned: readonly TopicPartition[]): ConnectError {
  const names = owned.map((tp) => `${tp.topic}-${tp.partition}`).join(', ');
  return new ConnectError(
    `Cannot change the offsets of connector ${connector}: ${names} ${
      owned.length > 1 ? 'are' : 'is'
    } owned by a running task. Stop the connector and let its tasks release their partitions (or their leases expire), then try again`,
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
