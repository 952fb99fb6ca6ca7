// Records whose value names their own place (`p<partition>-<offset>` on a fresh topic), so a sink's
// output tells which records arrived, which are missing and which came twice.
import { existsSync, readFileSync } from 'node:fs';
import type { ProducerRecord } from '../../shared/kafka/index.ts';

/** `count` records spread over the partitions, in offset order within each one. */
export function offsetRecords(
  topic: string,
  partitions: number,
  count: number,
): (ProducerRecord & { value: string })[] {
  const next = new Array<number>(partitions).fill(0);
  return Array.from({ length: count }, (_, i) => {
    const partition = i % partitions;
    const offset = next[partition]!++;
    return { topic, partition, key: null, value: `p${partition}-${offset}` };
  });
}

/** The lines a FileStreamSink wrote so far (none before the file exists). */
export function fileLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/** A one-task FileStreamSink of `topic` into `file` with string converters. */
export function fileSinkConfig(topic: string, file: string): Record<string, string> {
  return {
    'connector.class': 'FileStreamSink',
    topics: topic,
    file,
    'tasks.max': '1',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
  };
}
