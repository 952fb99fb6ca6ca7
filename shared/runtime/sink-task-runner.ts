// The batch loop of one sink task: fetch from Kafka by explicit offset → convert → transform →
// put → flush → commit. Offsets advance only after the sink's flush returned, so a crash at any
// point re-delivers at most what was not committed and never skips a record.
import type { JsonValue, SinkTask, SinkTaskContext, TaskConfig, TopicPartition } from '../api/connector.ts';
import { topicPartitionKey } from '../api/connector.ts';
import { ConnectError } from '../api/errors.ts';
import type { SinkRecord } from '../api/record.ts';
import type { FetchPosition, KafkaAdmin, PartitionReader } from '../kafka/types.ts';
import type { Logger } from './logger.ts';
import type { SinkRecordPipeline } from './pipeline.ts';
import { StageError } from './stage-error.ts';

/** Where a task's progress is stored: an offsets file, or fenced lease items in DynamoDB. */
export interface OffsetCommitter {
  load(): Promise<{ offsets: ReadonlyMap<string, number>; checkpoint: JsonValue | undefined }>;
  /** Persists next-offsets (topicPartitionKey → offset) and the sink's checkpoint, atomically. */
  commit(offsets: ReadonlyMap<string, number>, checkpoint: JsonValue | undefined): Promise<void>;
}

export type OffsetResetPolicy = 'earliest' | 'latest' | 'none';

export interface SinkTaskRunnerSettings {
  /** How long the broker may hold a fetch that has no data yet. */
  readonly fetchMaxWaitMs: number;
  readonly fetchMaxBytes: number;
  readonly partitionMaxBytes: number;
  /** Minimum time between two flush+commit cycles while records keep coming. */
  readonly commitIntervalMs: number;
  /** How often the set of partitions is looked up again (new topics, added partitions). */
  readonly partitionRefreshMs: number;
  readonly offsetReset: OffsetResetPolicy;
}

export const defaultRunnerSettings: SinkTaskRunnerSettings = {
  fetchMaxWaitMs: 500,
  fetchMaxBytes: 16 << 20,
  partitionMaxBytes: 1 << 20,
  commitIntervalMs: 1000,
  partitionRefreshMs: 30_000,
  offsetReset: 'earliest',
};

export interface SinkTaskRunnerDeps {
  readonly connector: string;
  readonly taskId: number;
  readonly task: SinkTask;
  readonly taskConfig: TaskConfig;
  readonly pipeline: SinkRecordPipeline;
  readonly reader: PartitionReader;
  readonly admin: KafkaAdmin;
  readonly committer: OffsetCommitter;
  /** The partitions this task should own right now. */
  readonly partitions: () => Promise<readonly TopicPartition[]>;
  readonly settings: SinkTaskRunnerSettings;
  readonly logger: Logger;
}

export interface RunSummary {
  readonly recordsRead: number;
  readonly recordsPut: number;
  readonly commits: number;
}

export class SinkTaskRunner {
  readonly #deps: SinkTaskRunnerDeps;
  /** Next offset to read, per assigned partition. */
  readonly #positions = new Map<string, FetchPosition>();
  #assigned: TopicPartition[] = [];
  #committed = new Map<string, number>();
  #lastCommitAt = 0;
  #lastRefreshAt = 0;
  #stopRequested = false;
  #commitRequested = false;
  #recordsRead = 0;
  #recordsPut = 0;
  #commits = 0;

  constructor(deps: SinkTaskRunnerDeps) {
    this.#deps = deps;
  }

  /** Ends the loop at the next batch boundary, after a final flush and commit. */
  stop(): void {
    this.#stopRequested = true;
  }

  /** Runs until stop() or until `keepGoing` says no; rejects when the task fails. */
  async run(keepGoing: () => boolean = () => true): Promise<RunSummary> {
    const { task, taskConfig, committer, logger, connector, taskId } = this.#deps;
    await task.start(taskConfig, this.#context());
    let failed = false;
    try {
      const state = await committer.load();
      this.#committed = new Map(state.offsets);
      await task.restore?.(state.checkpoint);
      await this.#refreshAssignment(true);
      // A sink that checkpoints gets a baseline commit before its first write, so a crash before
      // the first regular commit can still be rolled back to a known point.
      if (task.checkpoint && state.checkpoint === undefined) await this.#commit();
      logger.info('task started', { connector, task: taskId, partitions: this.#assigned.length });

      while (!this.#stopRequested && keepGoing()) {
        if (Date.now() - this.#lastRefreshAt >= this.#deps.settings.partitionRefreshMs)
          await this.#refreshAssignment(false);
        const progressed = await this.#pollOnce();
        const due = Date.now() - this.#lastCommitAt >= this.#deps.settings.commitIntervalMs;
        if (this.#uncommitted() && (due || this.#commitRequested || !progressed)) await this.#commit();
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      try {
        // After a failure nothing is flushed or committed: the sink may hold a partial batch.
        if (!failed && this.#uncommitted()) await this.#commit();
        await task.close?.(this.#assigned);
      } finally {
        await task.stop();
      }
    }
    logger.info('task stopped', {
      connector,
      task: taskId,
      recordsRead: this.#recordsRead,
      commits: this.#commits,
    });
    return { recordsRead: this.#recordsRead, recordsPut: this.#recordsPut, commits: this.#commits };
  }

  /** One fetch and one put. Returns whether any partition moved forward. */
  async #pollOnce(): Promise<boolean> {
    const { reader, pipeline, task, settings } = this.#deps;
    if (this.#positions.size === 0) {
      await new Promise((resolve) => setTimeout(resolve, settings.fetchMaxWaitMs));
      return false;
    }
    const fetched = await reader.fetch([...this.#positions.values()], {
      maxWaitMs: settings.fetchMaxWaitMs,
      maxBytes: settings.fetchMaxBytes,
      partitionMaxBytes: settings.partitionMaxBytes,
    });
    const batch: SinkRecord[] = [];
    let progressed = false;
    for (const partition of fetched) {
      const key = topicPartitionKey(partition.topic, partition.partition);
      const position = this.#positions.get(key);
      if (!position) continue;
      if (partition.outOfRange) {
        await this.#resetOutOfRange(position);
        progressed = true;
        continue;
      }
      for (const raw of partition.records) {
        const record = pipeline.process(raw);
        if (record !== null) batch.push(record);
      }
      this.#recordsRead += partition.records.length;
      if (partition.nextOffset > position.offset) {
        this.#positions.set(key, { ...position, offset: partition.nextOffset });
        progressed = true;
      }
    }
    if (batch.length > 0) {
      try {
        await task.put(batch);
      } catch (error) {
        throw error instanceof StageError ? error : new StageError('TASK_PUT', task.constructor.name, error);
      }
      this.#recordsPut += batch.length;
    }
    return progressed;
  }

  #uncommitted(): boolean {
    for (const [key, position] of this.#positions)
      if (this.#committed.get(key) !== position.offset) return true;
    return false;
  }

  async #commit(): Promise<void> {
    const { task, committer } = this.#deps;
    const offsets = new Map<string, number>();
    for (const [key, position] of this.#positions) offsets.set(key, position.offset);
    await task.flush(offsets);
    await committer.commit(offsets, task.checkpoint?.());
    this.#committed = offsets;
    this.#lastCommitAt = Date.now();
    this.#commitRequested = false;
    this.#commits++;
  }

  async #refreshAssignment(initial: boolean): Promise<void> {
    this.#lastRefreshAt = Date.now();
    const wanted = await this.#deps.partitions();
    const wantedKeys = new Set(wanted.map((tp) => topicPartitionKey(tp.topic, tp.partition)));
    const added = wanted.filter((tp) => !this.#positions.has(topicPartitionKey(tp.topic, tp.partition)));
    const removed = this.#assigned.filter((tp) => !wantedKeys.has(topicPartitionKey(tp.topic, tp.partition)));
    if (removed.length > 0) {
      if (this.#uncommitted()) await this.#commit();
      await this.#deps.task.close?.(removed);
      for (const tp of removed) this.#positions.delete(topicPartitionKey(tp.topic, tp.partition));
    }
    if (added.length > 0) {
      const starts = await this.#startOffsets(added);
      for (const tp of added) {
        const key = topicPartitionKey(tp.topic, tp.partition);
        this.#positions.set(key, { topic: tp.topic, partition: tp.partition, offset: starts.get(key)! });
      }
      await this.#deps.task.open?.(added);
      if (!initial)
        this.#deps.logger.info('partitions added', { connector: this.#deps.connector, added: added.length });
    }
    this.#assigned = [...wanted];
  }

  /** Committed offsets where there are any; otherwise where the reset policy says. */
  async #startOffsets(partitions: readonly TopicPartition[]): Promise<Map<string, number>> {
    const starts = new Map<string, number>();
    const missing = new Set<string>();
    for (const tp of partitions) {
      const key = topicPartitionKey(tp.topic, tp.partition);
      const committed = this.#committed.get(key);
      if (committed !== undefined) starts.set(key, committed);
      else missing.add(tp.topic);
    }
    if (missing.size > 0) {
      const policy = this.#deps.settings.offsetReset;
      if (policy === 'none') {
        throw new ConnectError(
          `No committed offset for partitions of ${[...missing].join(', ')} and auto.offset.reset is none`,
        );
      }
      for (const o of await this.#deps.admin.listOffsets([...missing], policy)) {
        const key = topicPartitionKey(o.topic, o.partition);
        if (!starts.has(key)) starts.set(key, o.offset);
      }
    }
    return starts;
  }

  async #resetOutOfRange(position: FetchPosition): Promise<void> {
    const policy = this.#deps.settings.offsetReset;
    if (policy === 'none') {
      throw new ConnectError(
        `Offset ${position.offset} is out of range for ${position.topic}-${position.partition} and auto.offset.reset is none`,
      );
    }
    const offsets = await this.#deps.admin.listOffsets([position.topic], policy);
    const target = offsets.find((o) => o.partition === position.partition);
    if (target === undefined) return;
    this.#deps.logger.warn('offset out of range, resetting', {
      connector: this.#deps.connector,
      topic: position.topic,
      partition: position.partition,
      from: position.offset,
      to: target.offset,
      policy,
    });
    this.#positions.set(topicPartitionKey(position.topic, position.partition), {
      ...position,
      offset: target.offset,
    });
  }

  #context(): SinkTaskContext {
    return {
      offset: (tp, offset) => {
        const key = topicPartitionKey(tp.topic, tp.partition);
        if (this.#positions.has(key))
          this.#positions.set(key, { topic: tp.topic, partition: tp.partition, offset });
      },
      requestCommit: () => {
        this.#commitRequested = true;
      },
    };
  }
}
