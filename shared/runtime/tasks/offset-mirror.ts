// Mirrors a sink task's committed offsets into the consumer group connect-<connector>, throttled:
// standard lag tools (kafka-consumer-groups, Burrow, CloudWatch lag exporters) see the connector's
// progress, and Apache Kafka Connect (or MSK Connect) can resume where we stopped. Best effort: the
// leases are the source of truth. Offsets are committed as a group with no members (generation -1,
// no protocol), so a later Kafka Connect consumer joins that group normally.
import type { KafkaAdmin } from '../../kafka/types.ts';
import { connectGroupId } from '../coordination/kafka-connect-group.ts';
import type { Logger } from '../logger.ts';

export interface OffsetMirrorOptions {
  readonly admin: Pick<KafkaAdmin, 'commitGroupOffsets'>;
  readonly connector: string;
  /** At most one write this often while the task runs (the final flush always writes). */
  readonly intervalMs: number;
  readonly logger: Logger;
  /**
   * Whether the connector still exists (not deleted, nor deleted and created again). A deleted connector's group is not ours any more: whoever
   * takes the name over (Kafka Connect, or a new connector here) owns its offsets, and a late
   * write from an invocation still winding down would move them back.
   */
  readonly exists: () => Promise<boolean>;
}

export interface OffsetMirror {
  /** Committed next offsets by `topic:partition`. */
  offer(offsets: ReadonlyMap<string, number>): void;
  /** Writes what is pending (when the task ends). */
  flush(): Promise<void>;
}

export function offsetMirror(options: OffsetMirrorOptions): OffsetMirror {
  const { admin, connector, intervalMs, logger } = options;
  const group = connectGroupId(connector);
  let pending = new Map<string, number>();
  let lastAt = 0;
  let deleted = false;
  const write = async () => {
    if (pending.size === 0 || deleted) return;
    const offsets = [...pending].map(([key, offset]) => {
      const split = key.lastIndexOf(':');
      return { topic: key.slice(0, split), partition: Number(key.slice(split + 1)), offset };
    });
    pending = new Map();
    lastAt = Date.now();
    try {
      if (!(await options.exists())) {
        deleted = true;
        logger.info('connector deleted: offsets are no longer mirrored to its consumer group', {
          connector,
          group,
        });
        return;
      }
      await admin.commitGroupOffsets(group, offsets);
    } catch (error) {
      logger.warn('could not mirror offsets to the consumer group', {
        connector,
        group,
        error: (error as Error).message,
      });
    }
  };
  let inFlight: Promise<void> = Promise.resolve();
  return {
    offer(offsets) {
      for (const [key, offset] of offsets) pending.set(key, offset);
      if (Date.now() - lastAt >= intervalMs) inFlight = inFlight.then(write);
    },
    async flush() {
      await inFlight;
      await write();
    },
  };
}
