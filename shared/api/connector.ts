// Connector and task contracts, after Kafka Connect's: a connector validates its config and splits
// the work into task configs; a sink task receives batches of records, flushes them durably on
// request, and only then does the runtime commit offsets.
import type { ConfigDef } from './config-def.ts';
import type { SinkRecord } from './record.ts';

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

export interface Connector {
  readonly type: ConnectorType;
  version(): string;
  config(): ConfigDef;
  start(props: TaskConfig): void | Promise<void>;
  taskConfigs(maxTasks: number): TaskConfig[];
  stop(): void | Promise<void>;
}

export interface SinkTaskContext {
  /** Asks the runtime to continue from these offsets (Kafka's SinkTaskContext.offset). */
  offset(topicPartition: TopicPartition, offset: number): void;
  /** Asks for an offset commit as soon as possible (Kafka's SinkTaskContext.requestCommit). */
  requestCommit(): void;
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
