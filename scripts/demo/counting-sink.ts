// The rebalancing demo's sink: it writes nowhere and counts, per topic-partition-offset, how many
// times a record was made durable (flushed), so the demo can say at the end whether every record
// arrived exactly once while its partitions moved between tasks. It runs as many tasks as asked.
import { ConfigDef } from '../../shared/api/config-def.ts';
import type { SinkConnector, SinkTask, TaskConfig, TopicPartition } from '../../shared/api/connector.ts';
import type { SinkConnectorPlugin } from '../../shared/api/plugin.ts';
import type { SinkRecord } from '../../shared/api/record.ts';

/** `topic:partition:offset` → times flushed. */
export const flushedRecords = new Map<string, number>();

class CountingSinkTask implements SinkTask {
  #pending: string[] = [];
  start(): void {}
  put(records: readonly SinkRecord[]): void {
    for (const r of records) this.#pending.push(`${r.topic}:${r.kafkaPartition}:${r.kafkaOffset}`);
  }
  flush(): void {
    for (const key of this.#pending) flushedRecords.set(key, (flushedRecords.get(key) ?? 0) + 1);
    this.#pending = [];
  }
  open(_partitions: readonly TopicPartition[]): void {}
  // Records put but never flushed (a partition taken away) will be delivered again: forget them.
  close(_partitions: readonly TopicPartition[]): void {
    this.#pending = [];
  }
  stop(): void {}
}

class CountingSinkConnector implements SinkConnector {
  readonly type = 'sink' as const;
  #props: TaskConfig = {};
  version(): string {
    return 'demo';
  }
  config(): ConfigDef {
    return new ConfigDef();
  }
  start(props: TaskConfig): void {
    this.#props = { ...props };
  }
  taskConfigs(maxTasks: number): TaskConfig[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }
  createTask(): SinkTask {
    return new CountingSinkTask();
  }
  stop(): void {}
}

export const countingSinkPlugin: SinkConnectorPlugin = {
  type: 'sink',
  className: 'demo.serverless.connect.CountingSinkConnector',
  taskClass: 'demo.serverless.connect.CountingSinkTask',
  version: 'demo',
  create: () => new CountingSinkConnector(),
  config: () => new ConfigDef(),
};
