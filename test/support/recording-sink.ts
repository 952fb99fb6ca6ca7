// A sink connector for runtime tests: it remembers every record it was given, by which task
// instance (one per invocation), and what each flush made durable. Tests read the ledger to check
// "every record arrived", "no duplicates", and "never two writers of one partition at a time".
import { appendFileSync } from 'node:fs';
import { ConfigDef } from '../../shared/api/config-def.ts';
import type {
  ErrantRecordReporter,
  SinkConnector,
  SinkTask,
  SinkTaskContext,
  TaskConfig,
  TopicPartition,
} from '../../shared/api/connector.ts';
import type { SinkConnectorPlugin } from '../../shared/api/plugin.ts';
import type { SinkRecord } from '../../shared/api/record.ts';

export interface Delivery {
  readonly instance: number;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly value: unknown;
  readonly at: number;
}

export class SinkLedger {
  readonly deliveries: Delivery[] = [];
  /** Flushed next-offsets per instance, in order. */
  readonly flushes: Array<{ instance: number; offsets: Map<string, number>; at: number }> = [];
  /** Awaited by put() before recording, so a test can freeze one task instance mid-batch. */
  beforePut: ((instance: number, records: readonly SinkRecord[]) => Promise<void> | void) | undefined;
  putDelayMs = 0;
  /**
   * Records the sink refuses in put(), as a real sink refuses a document its server rejects:
   * reported to the errant record reporter (the dead letter queue) instead of being recorded.
   */
  reject: ((record: SinkRecord) => Error | undefined) | undefined;

  /** Offsets seen per partition key "topic:partition" → count of deliveries per offset. */
  counts(): Map<string, Map<number, number>> {
    const counts = new Map<string, Map<number, number>>();
    for (const d of this.deliveries) {
      const key = `${d.topic}:${d.partition}`;
      const perOffset = counts.get(key) ?? new Map<number, number>();
      perOffset.set(d.offset, (perOffset.get(d.offset) ?? 0) + 1);
      counts.set(key, perOffset);
    }
    return counts;
  }

  duplicates(): number {
    let duplicates = 0;
    for (const perOffset of this.counts().values()) for (const n of perOffset.values()) duplicates += n - 1;
    return duplicates;
  }

  distinct(): number {
    let distinct = 0;
    for (const perOffset of this.counts().values()) distinct += perOffset.size;
    return distinct;
  }

  /**
   * Partitions whose offsets, in the order the sink received them, ever went backwards or skipped:
   * what two overlapping writers (or a lost batch) would cause. Empty when every partition was
   * written 0, 1, 2, ... in order, whoever wrote it.
   */
  outOfOrder(): string[] {
    const next = new Map<string, number>();
    const broken = new Set<string>();
    for (const d of this.deliveries) {
      const key = `${d.topic}:${d.partition}`;
      const expected = next.get(key) ?? 0;
      if (d.offset !== expected) broken.add(`${key} got ${d.offset} expecting ${expected}`);
      next.set(key, d.offset + 1);
    }
    return [...broken];
  }

  /** How many distinct task instances wrote each partition (hand-overs plus one). */
  writers(): Map<string, number> {
    const writers = new Map<string, Set<number>>();
    for (const d of this.deliveries) {
      const key = `${d.topic}:${d.partition}`;
      writers.set(key, (writers.get(key) ?? new Set()).add(d.instance));
    }
    return new Map([...writers].map(([key, set]) => [key, set.size]));
  }
}

const ledgers = new Map<string, SinkLedger>();

export function ledger(name: string): SinkLedger {
  let found = ledgers.get(name);
  if (!found) {
    found = new SinkLedger();
    ledgers.set(name, found);
  }
  return found;
}

let instances = 0;

class RecordingSinkTask implements SinkTask {
  readonly instance = ++instances;
  #ledger: SinkLedger | undefined;
  #file: string | undefined;
  #reporter: ErrantRecordReporter | null = null;

  start(props: TaskConfig, context?: SinkTaskContext): void {
    this.#ledger = ledger(props.ledger ?? 'default');
    this.#file = props['ledger.file'];
    this.#reporter = context?.errantRecordReporter() ?? null;
  }

  async put(batch: readonly SinkRecord[]): Promise<void> {
    const ledger = this.#ledger!;
    await ledger.beforePut?.(this.instance, batch);
    const records = ledger.reject ? batch.filter((r) => !this.#refused(ledger, r)) : batch;
    // The file gets the batch first, then the put takes its time: a process killed meanwhile has
    // visibly written records it never committed.
    if (this.#file && records.length > 0) {
      const lines = records.map((r) =>
        JSON.stringify([process.pid, r.topic, r.kafkaPartition, r.kafkaOffset]),
      );
      appendFileSync(this.#file, `${lines.join('\n')}\n`);
    }
    if (ledger.putDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, ledger.putDelayMs));
    const at = Date.now();
    for (const r of records) {
      ledger.deliveries.push({
        instance: this.instance,
        topic: r.topic,
        partition: r.kafkaPartition ?? -1,
        offset: r.kafkaOffset,
        value: r.value,
        at,
      });
    }
  }

  /** True when the ledger rejects `record`: reported, or thrown without a reporter. */
  #refused(ledger: SinkLedger, record: SinkRecord): boolean {
    const error = ledger.reject?.(record);
    if (!error) return false;
    if (!this.#reporter) throw error;
    this.#reporter.report(record, error);
    return true;
  }

  flush(offsets: ReadonlyMap<string, number>): void {
    this.#ledger!.flushes.push({ instance: this.instance, offsets: new Map(offsets), at: Date.now() });
  }

  open(_partitions: readonly TopicPartition[]): void {}
  close(_partitions: readonly TopicPartition[]): void {}
  stop(): void {}
}

class RecordingSinkConnector implements SinkConnector {
  readonly type = 'sink' as const;
  #props: TaskConfig = {};
  version(): string {
    return 'test';
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
    return new RecordingSinkTask();
  }
  stop(): void {}
}

export const recordingSinkPlugin: SinkConnectorPlugin = {
  type: 'sink',
  className: 'test.serverless.connect.RecordingSinkConnector',
  taskClass: 'test.serverless.connect.RecordingSinkTask',
  version: 'test',
  create: () => new RecordingSinkConnector(),
  config: () => new ConfigDef(),
};
