// The consumer group connect-<name>, where Apache Kafka Connect (and MSK Connect) keep a sink
// connector's offsets. Both ways of a migration go through it: a connector created here under the
// name of an existing Kafka Connect connector starts its new leases at the offsets that group
// committed (before auto.offset.reset applies), and the task invocations mirror their commits back
// into it, so Kafka Connect can resume where we stopped.
import type { TopicPartition } from '../../api/connector.ts';
import { ConnectError } from '../../api/errors.ts';
import type { KafkaAdmin } from '../../kafka/types.ts';
import { leaseKey, type NewLease } from '../../leases/lease.ts';
import type { Logger } from '../logger.ts';

/** Kafka Connect's group id for sink connector `connector` (its default consumer group naming). */
export function connectGroupId(connector: string): string {
  return `connect-${connector}`;
}

/**
 * The leases to create for `partitions` (which have none yet): each at the offset the connector's
 * Kafka Connect group committed for it, if any. Runs only when leases are created, so it never
 * overrides our own committed offsets nor a reset made through the REST API afterwards. When the
 * group cannot be read, nothing is created: starting from auto.offset.reset instead would silently
 * reprocess (or skip) what a Kafka Connect connector of that name already handled.
 */
export async function takeOverOffsets(
  admin: KafkaAdmin,
  connector: string,
  partitions: readonly TopicPartition[],
  logger: Logger,
): Promise<NewLease[]> {
  const group = connectGroupId(connector);
  const topics = [...new Set(partitions.map((tp) => tp.topic))];
  let committed: Awaited<ReturnType<KafkaAdmin['fetchGroupOffsets']>>;
  try {
    committed = await admin.fetchGroupOffsets(group, topics);
  } catch (error) {
    throw new ConnectError(
      `Could not read the offsets of consumer group ${group} (a Kafka Connect connector of this name would continue from them): ${(error as Error).message}`,
      { cause: error },
    );
  }
  const offsets = new Map(committed.map((o) => [leaseKey(o.topic, o.partition), o.offset]));
  const leases = partitions.map((tp) => ({
    topic: tp.topic,
    partition: tp.partition,
    offset: offsets.get(leaseKey(tp.topic, tp.partition)) ?? null,
  }));
  const taken = leases.filter((lease) => lease.offset !== null);
  if (taken.length > 0)
    logger.info("starting from Kafka Connect's committed offsets", {
      connector,
      group,
      partitions: taken.length,
      of: leases.length,
      // The first few, so a connector with thousands of partitions logs one readable line.
      offsets: Object.fromEntries(taken.slice(0, 20).map((l) => [leaseKey(l.topic, l.partition), l.offset])),
    });
  return leases;
}
