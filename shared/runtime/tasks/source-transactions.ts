// Exactly-once delivery for source tasks (KIP-618, worker exactly.once.source.support=enabled).
//
// Records go out in Kafka transactions of a producer whose transactional id names the connector
// task; each invocation initializes it once it holds the task's lease, which bumps the producer
// epoch and so fences every earlier invocation's producer: a zombie can no longer produce, and the
// transaction it left open is ended by the broker. Kafka's own workers write the source offsets
// into the same transaction (an offsets topic); ours live with the lease in the state table, so a
// commit is a small two-phase protocol around the Kafka transaction, every step fenced:
//
//   1. prepare: the lease's checkpoint records the transaction's offsets and one of its records
//      (topic, partition, offset), conditional on the lease (a zombie stops here and aborts);
//   2. commit the Kafka transaction (a fenced producer cannot);
//   3. finalize: write the offsets and clear the checkpoint, conditional on the lease.
//
// A crash or fencing between 1 and 3 leaves the checkpoint. The next holder of the lease first
// initializes its producer (which settles the old transaction either way), then reads the named
// record as a read_committed consumer: visible means committed, so it writes those offsets; skipped
// means aborted, so it drops them. Offsets therefore always match exactly what read_committed
// consumers can see.
import type { JsonValue, SourceOffset, SourcePartition } from '../../api/connector.ts';
import { ConnectError } from '../../api/errors.ts';
import type { PartitionReader, RecordPosition, TransactionalSourceProducer } from '../../kafka/types.ts';
import { normalizedWrites, type SourceOffsetWrite } from '../../leases/source-offsets.ts';
import type { Logger } from '../logger.ts';
import { sleep } from './errors/backoff.ts';
import type { SourceTaskLease } from './source-task-ownership.ts';

/** Kafka's transaction.boundary: a transaction per poll() batch, or per interval. */
export type TransactionBoundary = 'poll' | 'interval';

/** A record of the transaction: where it went is enough to learn the transaction's outcome. */
interface Marker {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** What the lease's checkpoint holds between prepare and finalize. */
interface PendingTransaction {
  readonly offsets: readonly { partition: SourcePartition; offset: SourceOffset | null }[];
  readonly marker: Marker;
  readonly producerEpoch: number | null;
}

const CHECKPOINT_KEY = 'pendingTransaction';

/** Kafka's transactional.id of a source task: `${group.id}-${connector}-${task}`. */
export function sourceTransactionalId(
  worker: Readonly<Record<string, string>>,
  connector: string,
  task: number,
): string {
  return `${worker['group.id'] ?? 'serverless-connect'}-${connector}-${task}`;
}

/** transaction.boundary and its interval (unset: the worker's offset.flush.interval.ms). */
export function transactionBoundary(
  config: Readonly<Record<string, string>>,
  commitIntervalMs: number,
): { boundary: TransactionBoundary; intervalMs: number } {
  const boundary = (config['transaction.boundary'] ?? 'poll').trim().toLowerCase();
  const interval = Number(config['transaction.boundary.interval.ms']?.trim());
  return {
    // 'connector' needs a connector that defines its own boundaries; none of ours does, and
    // validation refuses it for them, so anything else commits per poll as Kafka's default.
    boundary: boundary === 'interval' ? 'interval' : 'poll',
    intervalMs:
      config['transaction.boundary.interval.ms'] !== undefined && Number.isFinite(interval) && interval >= 0
        ? interval
        : commitIntervalMs,
  };
}

export interface SourceTransactionsDeps {
  readonly producer: TransactionalSourceProducer;
  /** Reads the marker record back as a read_committed consumer. */
  readonly reader: PartitionReader;
  readonly boundary: TransactionBoundary;
  readonly intervalMs: number;
  readonly logger: Logger;
  readonly context: Readonly<Record<string, unknown>>;
  /** How long a marker's outcome may stay undecided (an open transaction before it on its partition). */
  readonly decisionTimeoutMs?: number;
  /**
   * Fences the producers of the connector's tasks that no longer exist (a reconfiguration with
   * fewer tasks), as Kafka fences a connector's previous generation before its new tasks start:
   * whatever they still run can then produce nothing for the source partitions this task took over.
   */
  readonly fenceRetiredTasks?: () => Promise<void>;
}

export class SourceTransactions {
  readonly #deps: SourceTransactionsDeps;
  #open = false;
  #lastPosition: RecordPosition | undefined;

  constructor(deps: SourceTransactionsDeps) {
    this.#deps = deps;
  }

  get boundary(): TransactionBoundary {
    return this.#deps.boundary;
  }

  get intervalMs(): number {
    return this.#deps.intervalMs;
  }

  /**
   * Once the lease is held, before the task starts: fence older producers of the task, then settle
   * a commit an earlier invocation left half done. Throws ProducerFencedError or LeaseLostError.
   */
  async start(lease: SourceTaskLease): Promise<void> {
    const { producer, logger, context } = this.#deps;
    await producer.initTransactions();
    await this.#deps.fenceRetiredTasks?.();
    const pending = pendingOf(await lease.checkpoint());
    if (!pending) return;
    const committed = await this.#committed(pending.marker);
    logger.info('settling the transaction an earlier invocation left', {
      ...context,
      committed,
      marker: pending.marker,
    });
    await lease.commit(committed ? pending.offsets : [], null);
  }

  /** Opens a transaction before the first send after a commit. */
  async beforeSend(): Promise<void> {
    if (this.#open) return;
    await this.#deps.producer.beginTransaction();
    this.#open = true;
  }

  /** The position of each acknowledged record, so the last one can be the transaction's marker. */
  sent(positions: readonly (RecordPosition | null)[]): void {
    for (const position of positions) if (position) this.#lastPosition = position;
  }

  producerEpoch(): number | undefined {
    return this.#deps.producer.producerEpoch();
  }

  hasOpenTransaction(): boolean {
    return this.#open;
  }

  /**
   * Commits the open transaction with the offsets of its records (prepare, commit, finalize), or
   * only the offsets when nothing was produced. Throws LeaseLostError or ProducerFencedError when
   * this invocation was superseded; the transaction is then aborted or settled by the successor.
   */
  async commit(lease: SourceTaskLease, writes: readonly SourceOffsetWrite[]): Promise<void> {
    const { producer } = this.#deps;
    const marker = this.#lastPosition;
    if (!this.#open || !marker) {
      // A transaction may be open with nothing in it (every record dropped): nothing to make visible.
      if (this.#open) await this.abort();
      await lease.commit(writes);
      return;
    }
    const pending: PendingTransaction = {
      offsets: normalizedWrites(writes).map(({ partition, offset }) => ({ partition, offset })),
      marker: { topic: marker.topic, partition: marker.partition, offset: marker.offset },
      producerEpoch: producer.producerEpoch() ?? null,
    };
    try {
      await lease.commit([], { [CHECKPOINT_KEY]: pending as unknown as JsonValue });
    } catch (error) {
      await this.abort().catch(() => {});
      throw error;
    }
    this.#open = false;
    this.#lastPosition = undefined;
    await producer.commitTransaction();
    await lease.commit(writes, null);
  }

  /** Aborts the open transaction, if any (a failing or superseded invocation). */
  async abort(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    this.#lastPosition = undefined;
    await this.#deps.producer.abortTransaction();
  }

  /** Whether the transaction that wrote `marker` committed, as a read_committed consumer sees it. */
  async #committed(marker: Marker): Promise<boolean> {
    const { reader, logger, context } = this.#deps;
    const deadline = Date.now() + (this.#deps.decisionTimeoutMs ?? 180_000);
    for (;;) {
      const [fetched] = await reader.fetch([marker], { maxWaitMs: 200, readCommitted: true });
      if (fetched?.outOfRange) {
        // Gone from the log (retention): the outcome cannot be read; re-sending may duplicate but
        // never loses a record.
        logger.warn(
          'the record of an unsettled transaction is no longer in the log; its records may come again',
          {
            ...context,
            marker,
          },
        );
        return false;
      }
      if (fetched?.records.some((r) => r.offset === marker.offset)) return true;
      if (fetched && fetched.nextOffset > marker.offset) return false;
      // The last stable offset is not past the marker yet: a transaction is still open before it.
      if (Date.now() > deadline)
        throw new ConnectError(
          `The outcome of the transaction that wrote ${marker.topic}-${marker.partition}@${marker.offset} is still undecided`,
        );
      await sleep(100);
    }
  }
}

function pendingOf(checkpoint: JsonValue | undefined): PendingTransaction | undefined {
  if (!checkpoint || typeof checkpoint !== 'object' || Array.isArray(checkpoint)) return undefined;
  const pending = (checkpoint as Record<string, JsonValue>)[CHECKPOINT_KEY];
  if (!pending || typeof pending !== 'object' || Array.isArray(pending)) return undefined;
  return pending as unknown as PendingTransaction;
}
