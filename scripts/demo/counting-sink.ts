// The rebalancing demo's sink: it writes no data, only a ledger of which records it made durable
// (flushed), as `partition offset` lines, so the demo can say at the end whether every record
// arrived exactly once while its partitions moved between tasks. Its tasks run in the task
// function's process, not the demo's, so the ledger is a folder of files (one per task instance,
// so no two writers share a file) that the demo reads back. It runs as many tasks as asked.
import { randomUUID } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigDef } from '../../shared/api/config-def.ts';
import type { SinkConnector, SinkTask, TaskConfig, TopicPartition } from '../../shared/api/connector.ts';
import type { SinkConnectorPlugin } from '../../shared/api/plugin.ts';
import type { SinkRecord } from '../../shared/api/record.ts';

/** The connector key naming the ledger folder. */
export const LEDGER_DIR = 'demo.ledger.dir';

class CountingSinkTask implements SinkTask {
  #file = '';
  #pending: string[] = [];
  start(props: TaskConfig): void {
    const dir = props[LEDGER_DIR];
    if (!dir) throw new Error(`${LEDGER_DIR} is required`);
    this.#file = path.join(dir, `${process.pid}-${randomUUID()}.ledger`);
  }
  put(records: readonly SinkRecord[]): void {
    for (const r of records) this.#pending.push(`${r.kafkaPartition} ${r.kafkaOffset}\n`);
  }
  flush(): void {
    if (this.#pending.length === 0) return;
    // Synchronous: the lines are on disk before the runtime commits the offsets that follow them.
    appendFileSync(this.#file, this.#pending.join(''));
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

/** `partition:offset` → how many times the sink's tasks made it durable, from every ledger file. */
export function readLedger(dir: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.ledger')) continue;
    for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (line === '') continue;
      const key = line.replace(' ', ':');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}
