// A minimal host for one source task, for connector tests: start it with an offset store in memory,
// poll, hand each batch to a sink (collect it, or convert and produce it to the real broker), commit
// the batch's offsets, then call task.commit() — the order the runtime keeps. It is not the runtime
// (no leases, no SMTs); it exercises a connector's poll/commit contract on its own.
import type { SourceOffset, SourcePartition, SourceTask, TaskConfig } from '../../shared/api/connector.ts';
import type { SourceRecord } from '../../shared/api/record.ts';

export type BatchSink = (records: readonly SourceRecord[]) => Promise<void>;

export class SourceTaskDriver {
  readonly task: SourceTask;
  /** Committed offsets by JSON of the source partition. */
  readonly offsets: Map<string, SourceOffset>;
  readonly #props: TaskConfig;
  readonly #sink: BatchSink;

  constructor(
    task: SourceTask,
    props: TaskConfig,
    sink: BatchSink,
    offsets = new Map<string, SourceOffset>(),
  ) {
    this.task = task;
    this.#props = props;
    this.#sink = sink;
    this.offsets = offsets;
  }

  async start(): Promise<void> {
    const offsets = this.offsets;
    await this.task.start(this.#props, {
      configs: () => this.#props,
      transactionContext: () => null,
      offsetStorageReader: () => ({
        offset: async (partition: SourcePartition) => offsets.get(JSON.stringify(partition)) ?? null,
        offsets: async (partitions: readonly SourcePartition[]) =>
          new Map(partitions.map((p) => [p, offsets.get(JSON.stringify(p)) ?? null])),
      }),
    });
  }

  /** One poll → sink → offset commit → task.commit() round; returns the batch. */
  async round(): Promise<readonly SourceRecord[]> {
    const records = (await this.task.poll()) ?? [];
    if (records.length === 0) return records;
    await this.#sink(records);
    for (const r of records) {
      if (r.sourcePartition && r.sourceOffset)
        this.offsets.set(JSON.stringify(r.sourcePartition), r.sourceOffset);
    }
    await this.task.commit?.();
    return records;
  }

  /** Rounds until `done` says so (checked after every round) or the deadline passes. */
  async runUntil(done: () => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`source task did not get there within ${timeoutMs} ms`);
      await this.round();
    }
  }

  async stop(): Promise<void> {
    await this.task.stop();
  }
}

/** A sink that keeps every record in memory. */
export function collectingSink(into: SourceRecord[]): BatchSink {
  return async (records) => {
    into.push(...records);
  };
}
