// Connector and task contracts, after Kafka Connect's: a connector validates its config and splits
// the work into task configs; a sink task receives batches of records, flushes them durably on
// request, and only then does the runtime commit offsets.
import type { ConfigDef } from './config-def.ts';
import type { SinkRecord, SourceRecord } from './record.ts';

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** A stable string for a topic partition (Kafka topic names cannot contain ':'). */
export function topicPartitionKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

export type ConnectorType = 'sink' | 'source';

/** Task configs travel as string maps, as in Kafka Connect, so they can be stored and logged as is. */
export type TaskConfig = Record<string, string>;

/** JSON-serialisable state, such as a sink's checkpoint. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Errors a connector's own validation found for one config key. */
export interface ConfigKeyErrors {
  readonly name: string;
  readonly errors: readonly string[];
}

export interface Connector {
  readonly type: ConnectorType;
  version(): string;
  config(): ConfigDef;
  /**
   * Kafka's Connector.validate, for what a ConfigDef cannot check because it needs the outside
   * world: can the database be reached with these credentials, do the named tables exist. Called
   * only with a config that passed the ConfigDef; the errors it returns are merged, per key, into
   * the REST validate response and the 400 of a create or update. Must not change anything it
   * checks (no slot or publication left behind).
   */
  validate?(props: TaskConfig): Promise<readonly ConfigKeyErrors[]>;
  start(props: TaskConfig): void | Promise<void>;
  taskConfigs(maxTasks: number): TaskConfig[];
  stop(): void | Promise<void>;
}

/**
 * Kafka's ErrantRecordReporter: how a sink hands over a record it could not write (a document the
 * server rejected, say). With errors.tolerance=all the record goes to the dead letter queue, with
 * the usual context headers; with none, reporting fails the task. Either way the runtime makes the
 * report durable before it commits the offsets that follow the record.
 */
export interface ErrantRecordReporter {
  /** Throws when errors.tolerance=none: the task must then fail rather than skip the record. */
  report(record: SinkRecord, error: Error): void;
}

/** Where a task logs: the worker's logger, with the connector and task in every line's fields. */
export interface TaskLogger {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export interface SinkTaskContext {
  /** Asks the runtime to continue from these offsets (Kafka's SinkTaskContext.offset). */
  offset(topicPartition: TopicPartition, offset: number): void;
  /** Asks for an offset commit as soon as possible (Kafka's SinkTaskContext.requestCommit). */
  requestCommit(): void;
  /** Kafka's errantRecordReporter(): null unless the connector has a dead letter queue topic. */
  errantRecordReporter(): ErrantRecordReporter | null;
  logger(): TaskLogger;
  /**
   * Not in Kafka: whether this task's partitions are still its own by the local clock. A sink that
   * writes before its flush (the file sink) asks before each write, so a process that was frozen
   * past its leases' expiry (a zombie) writes nothing more once it wakes; the runtime checks the
   * same before every flush and every commit.
   */
  stillOwned?(): boolean;
}

export interface SinkTask {
  start(props: TaskConfig, context: SinkTaskContext): void | Promise<void>;
  /** Called before the first batch of newly assigned partitions. */
  open?(partitions: readonly TopicPartition[]): void | Promise<void>;
  put(records: readonly SinkRecord[]): void | Promise<void>;
  /**
   * Makes everything `put` so far durable. `offsets` maps topicPartitionKey → the next offset to
   * read. When flush resolves, the runtime may commit those offsets.
   */
  flush(offsets: ReadonlyMap<string, number>): void | Promise<void>;
  /**
   * Kafka's SinkTask.preCommit: when present, the runtime commits what it returns (topicPartitionKey
   * → next offset to read), which may lag `offsets` for a sink that buffers records across batches
   * (an object store cutting files at fixed record counts); partitions it leaves out keep their
   * committed offset, and records after it are delivered again by the next owner. flush is then
   * called only before a final commit (the invocation ends, partitions are handed over), to let
   * the sink finish what it has in flight.
   */
  preCommit?(
    offsets: ReadonlyMap<string, number>,
  ): ReadonlyMap<string, number> | Promise<ReadonlyMap<string, number>>;
  /** Called when partitions are taken away (rebalance or shutdown). */
  close?(partitions: readonly TopicPartition[]): void | Promise<void>;
  stop(): void | Promise<void>;

  /**
   * serverless-connect extension for exactly-once effect: state captured right after `flush`
   * (a file's length, a transaction id) and committed atomically with the offsets. On the next
   * start, `restore` receives the state of the last successful commit before any `put`, so the
   * task can discard output written after that commit (which will be delivered again).
   */
  checkpoint?(): JsonValue;
  restore?(checkpoint: JsonValue | undefined): void | Promise<void>;
}

export interface SinkConnector extends Connector {
  readonly type: 'sink';
  createTask(): SinkTask;
}

// ---------------------------------------------------------------------------------------------
// Source side, after Kafka Connect's SourceConnector / SourceTask (and KIP-618 for exactly once).
// A source task's offsets are maps, as in Kafka: a source partition (e.g. {server: "db1"}) maps to
// the position reached in it (e.g. {lsn: 12345}); the runtime stores them with the task's lease.

/** Kafka's source partition map: which stream of the source system an offset belongs to. */
export type SourcePartition = Readonly<Record<string, unknown>>;
/** Kafka's source offset map: how far into one source partition the task has got. */
export type SourceOffset = Readonly<Record<string, unknown>>;

/** Kafka's OffsetStorageReader, asynchronous because offsets live in DynamoDB or a file. */
export interface OffsetStorageReader {
  /** The last committed offset of `partition`, or null when none was committed. */
  offset(partition: SourcePartition): Promise<SourceOffset | null>;
  /** The committed offsets of several partitions; partitions without one map to null. */
  offsets(partitions: readonly SourcePartition[]): Promise<ReadonlyMap<SourcePartition, SourceOffset | null>>;
}

/** Where Kafka put a source record (Kafka's RecordMetadata). */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number | null;
}

/** KIP-618: how a connector that defines its own transaction boundaries asks for them. */
export interface TransactionContext {
  /** Commit the transaction after the next batch returned by poll. */
  commitTransaction(): void;
  /** Commit the transaction right after `record` (which must be one returned by poll). */
  commitTransactionAfter(record: SourceRecord): void;
  abortTransaction(): void;
  abortTransactionAfter(record: SourceRecord): void;
}

export interface SourceTaskContext {
  /** The task's config as the runtime handed it over. */
  configs(): TaskConfig;
  offsetStorageReader(): OffsetStorageReader;
  /**
   * Only when exactly-once support is on and `transaction.boundary=connector`; null otherwise
   * (Kafka's SourceTaskContext.transactionContext).
   */
  transactionContext(): TransactionContext | null;
}

export interface SourceTask {
  start(props: TaskConfig, context: SourceTaskContext): void | Promise<void>;
  /**
   * The records available now; an empty array or null when there are none. Should come back within
   * about a second when the source is quiet, so the runtime can keep to its time budget and hear
   * stop requests (Kafka's poll may block; ours must not block for long).
   */
  poll(): Promise<readonly SourceRecord[] | null>;
  /**
   * Every record returned by poll before this call has been acknowledged by Kafka and its offset
   * committed by the runtime (Kafka's SourceTask.commit): the place to acknowledge upstream, e.g.
   * to advance a replication slot.
   */
  commit?(): void | Promise<void>;
  /**
   * One record was acknowledged by Kafka; `metadata` is null when a transformation dropped it
   * (Kafka's SourceTask.commitRecord).
   */
  commitRecord?(record: SourceRecord, metadata: RecordMetadata | null): void | Promise<void>;
  stop(): void | Promise<void>;
}

/** Kafka's ExactlyOnceSupport and ConnectorTransactionBoundaries answers. */
export type ExactlyOnceSupport = 'SUPPORTED' | 'UNSUPPORTED';
export type TransactionBoundarySupport = 'SUPPORTED' | 'UNSUPPORTED';

export interface SourceConnector extends Connector {
  readonly type: 'source';
  createTask(): SourceTask;
  /** KIP-618: whether the connector can run with exactly.once.support=required (null: unknown). */
  exactlyOnceSupport?(config: TaskConfig): ExactlyOnceSupport | null;
  /** KIP-618: whether it may be run with transaction.boundary=connector. */
  canDefineTransactionBoundaries?(config: TaskConfig): TransactionBoundarySupport;
  /**
   * KIP-875: checks (and may act on) offsets a user is about to write through the REST API; a
   * connector that cannot accept them throws a ConnectError naming why. Null offsets mean a reset.
   */
  alterOffsets?(
    config: TaskConfig,
    offsets: ReadonlyMap<SourcePartition, SourceOffset | null>,
  ): boolean | Promise<boolean>;
}
