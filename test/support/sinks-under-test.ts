// The sinks the runtime's fault tests (rebalance, crash, zombie, racing coordinators) run
// against: the test's recording sink, which sees every put and its order, and the shipped
// FileStreamSink, whose output file is checked line by line. Each shipped sink with an
// exactly-once output adds itself here. Records carry their own place as value
// (`p<partition>-<offset>`), so any output tells what is missing, repeated or out of order.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { ProducerRecord } from '../../shared/kafka/index.ts';
import { ledger } from './recording-sink.ts';
import { stringConverters } from './runtime.ts';
import { fileLines } from './sink-files.ts';
import type { StoreKind } from './stores.ts';

export type SinkKind = 'recording' | 'file';

export interface RuntimeCase {
  readonly leases: StoreKind;
  readonly sink: SinkKind;
}

/** Both lease stores with the recording sink, and the shipped file sink on DynamoDB leases. */
export const runtimeCases: readonly RuntimeCase[] = [
  { leases: 'memory', sink: 'recording' },
  { leases: 'dynamodb', sink: 'recording' },
  { leases: 'dynamodb', sink: 'file' },
];

export interface SinkUnderTest {
  readonly kind: SinkKind;
  /** The connector's config (connector class, topic, converters, where the output goes). */
  readonly config: Record<string, string>;
  /** How many tasks the connector runs at most, whatever tasks.max says (the file sink: one). */
  readonly maxTasks: number;
  /** The values the sink has output so far, in output order. */
  output(): string[];
}

export async function sinkUnderTest(
  kind: SinkKind,
  name: string,
  topic: string,
  extra: Record<string, string> = {},
): Promise<SinkUnderTest> {
  const base = { topics: topic, 'tasks.max': '1', 'tasks.autoscale.enable': 'false', ...stringConverters };
  if (kind === 'recording') {
    return {
      kind,
      config: {
        'connector.class': 'test.serverless.connect.RecordingSinkConnector',
        ledger: name,
        ...base,
        ...extra,
      },
      maxTasks: Number.POSITIVE_INFINITY,
      output: () => ledger(name).deliveries.map((d) => String(d.value)),
    };
  }
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'sc-file-sink-')), `${name}.txt`);
  return {
    kind,
    config: {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
      file,
      ...base,
      ...extra,
    },
    maxTasks: 1,
    output: () => fileLines(file),
  };
}

/** Produces round-robin over the partitions, each value naming its partition and offset. */
export class PlacedRecords {
  readonly produced: string[] = [];
  readonly topic: string;
  readonly partitions: number;
  readonly #next: number[];

  constructor(topic: string, partitions: number) {
    this.topic = topic;
    this.partitions = partitions;
    this.#next = new Array<number>(partitions).fill(0);
  }

  /** The next `count` records, starting at the partition after the last one used. */
  next(count: number): (ProducerRecord & { value: string })[] {
    const start = this.produced.length;
    const records = Array.from({ length: count }, (_, i) => {
      const partition = (start + i) % this.partitions;
      const offset = this.#next[partition]!++;
      return { topic: this.topic, partition, key: null, value: `p${partition}-${offset}` };
    });
    this.produced.push(...records.map((r) => r.value));
    return records;
  }
}

/** Every produced record exactly once in `output`, and each partition's in offset order. */
export function expectExactlyOnce(output: readonly string[], produced: readonly string[]): void {
  expect(output.length).toBe(produced.length);
  expect([...output].sort()).toEqual([...produced].sort());
  const byPartition = (values: readonly string[]) => Map.groupBy(values, (v) => v.slice(0, v.indexOf('-')));
  const expected = byPartition(produced);
  for (const [partition, values] of byPartition(output)) expect(values).toEqual(expected.get(partition));
}
